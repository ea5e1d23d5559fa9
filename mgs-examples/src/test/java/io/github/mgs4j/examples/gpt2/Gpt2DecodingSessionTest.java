package io.github.mgs4j.examples.gpt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.DecodingSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Batched, left-padded, KV-cached decoding agrees with unpadded single-row decoding. */
class Gpt2DecodingSessionTest {
  private static final int[][] CONTEXTS = {{5, 6, 7, 8, 9}, {42}, {1, 2, 3}};
  private static final int[][] APPENDED = {{10, 11, 12}, {43, 44, 45}, {4, 5, 6}};
  private static Gpt2Model model;

  @BeforeAll
  static void init() {
    model = Gpt2Model.randomInit(Gpt2Config.of(97, 16, 32, 2, 4).withDropout(0), 7);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** The logits after the context and after each appended token: [step][row * V + v]. */
  private static float[][] trace(NDManager m, int[][] contexts, int[][] appended) {
    int steps = appended[0].length;
    float[][] out = new float[steps + 1][];
    try (DecodingSession session = model.startDecoding(m, contexts)) {
      out[0] = session.nextLogits().toFloatArray();
      for (int t = 0; t < steps; t++) {
        long[] tokens = new long[contexts.length];
        for (int i = 0; i < tokens.length; i++) {
          tokens[i] = appended[i][t];
        }
        session.append(m.create(tokens));
        out[t + 1] = session.nextLogits().toFloatArray();
      }
    }
    return out;
  }

  @Test
  void leftPaddedBatchEqualsUnpaddedRows() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[][] batched = trace(m, CONTEXTS, APPENDED);
      int vocab = model.vocabularySize();
      for (int i = 0; i < CONTEXTS.length; i++) {
        float[][] alone = trace(m, new int[][] {CONTEXTS[i]}, new int[][] {APPENDED[i]});
        for (int t = 0; t < alone.length; t++) {
          for (int v = 0; v < vocab; v++) {
            assertEquals(alone[t][v], batched[t][i * vocab + v], 1e-5, "row " + i + " step " + t);
          }
        }
      }
    }
  }

  @Test
  void sessionLogitsEqualFullForwardLogits() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[][] cached = trace(m, new int[][] {CONTEXTS[0]}, new int[][] {APPENDED[0]});
      int[] all = {5, 6, 7, 8, 9, 10, 11, 12};
      float[] full = model.logits(m, all).toFloatArray();
      int vocab = model.vocabularySize();
      for (int t = 0; t < cached.length; t++) {
        for (int v = 0; v < vocab; v++) {
          assertEquals(full[(4 + t) * vocab + v], cached[t][v], 1e-5, "step " + t);
        }
      }
    }
  }

  @Test
  void selectRowsGathersTheCache() {
    try (NDManager m = NDManager.newBaseManager();
        DecodingSession session = model.startDecoding(m, CONTEXTS)) {
      session.selectRows(m.create(new long[] {2, 0, 0}));
      assertEquals(3, session.rows());
      session.append(m.create(new long[] {4, 10, 11}));
      float[] selected = session.nextLogits().toFloatArray();
      float[][] fresh =
          trace(m, new int[][] {CONTEXTS[2], CONTEXTS[0], CONTEXTS[0]}, new int[][] {{4}, {10}, {11}});
      assertArrayEquals(fresh[1], selected, 1e-5f);
      session.selectRows(m.create(new long[] {1}));
      assertEquals(1, session.rows());
      assertEquals(model.vocabularySize(), session.nextLogits().getShape().get(1));
    }
  }

  @ParameterizedTest(name = "scripted decoding {0}")
  @ValueSource(booleans = {true, false})
  void longDecodingDoesNotAccumulateArrays(boolean scripted) {
    Gpt2Model wide =
        Gpt2Model.randomInit(Gpt2Config.of(97, 256, 32, 2, 4).withDropout(0), 3).scriptedDecoding(scripted);
    try (wide;
        NDManager m = NDManager.newBaseManager();
        DecodingSession session = wide.startDecoding(m, CONTEXTS)) {
      int afterFirst = 0;
      for (int t = 0; t < 200; t++) {
        try (NDManager step = m.newSubManager()) {
          NDArray next = session.nextLogits().argMax(1);
          next.attach(step);
          session.append(next);
        }
        if (t == 0) {
          afterFirst = m.getManagedArrays().size();
        }
      }
      assertEquals(afterFirst, m.getManagedArrays().size());
    }
  }

  @Test
  void badInputGivesClearErrors() {
    try (NDManager m = NDManager.newBaseManager()) {
      IllegalArgumentException outside =
          assertThrows(IllegalArgumentException.class, () -> model.startDecoding(m, new int[][] {{1, 97}}));
      assertTrue(outside.getMessage().contains("outside the vocabulary [0, 97)"), outside.getMessage());
      assertThrows(IllegalArgumentException.class, () -> model.startDecoding(m, new int[][] {{}}));
      try (DecodingSession session = model.startDecoding(m, new int[][] {new int[15]})) {
        assertThrows(IllegalArgumentException.class, () -> session.append(m.create(new long[] {1, 2})));
        session.append(m.create(new long[] {1}));
        IllegalStateException full =
            assertThrows(IllegalStateException.class, () -> session.append(m.create(new long[] {1})));
        assertTrue(full.getMessage().contains("n_positions"), full.getMessage());
      }
      assertThrows(
          IllegalArgumentException.class,
          () -> model.continuationLogProbability(m, new int[][] {{1}}, new int[][] {{-1}}));
    }
  }
}
