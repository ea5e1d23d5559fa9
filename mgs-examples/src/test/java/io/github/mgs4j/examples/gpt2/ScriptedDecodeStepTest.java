package io.github.mgs4j.examples.gpt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.DecodingSession;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scripted decoding step (one TorchScript call per token) and the NDArray step (one engine call per
 * operation) decode the same tokens with the same logits, padded or not, through row selection, with and
 * without attention scaling.
 */
class ScriptedDecodeStepTest {
  private static final int VOCABULARY = 97;

  @Test
  void thePyTorchEngineLoadsTheScriptedStep() {
    try (Gpt2Model model = Gpt2Model.randomInit(Gpt2Config.of(VOCABULARY, 64, 16, 2, 4), 1)) {
      assertTrue(model.scriptedDecoding(), "the bundled decode_step.pt should load on the PyTorch engine");
      assertFalse(model.scriptedDecoding(false).scriptedDecoding());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void bothStepsDecodeTheSameTokensAndLogits(boolean scaleAttention) {
    Gpt2Config base = Gpt2Config.of(VOCABULARY, 64, 32, 3, 4).withDropout(0);
    Gpt2Config config =
        new Gpt2Config(base.vocabSize(), base.nPositions(), base.nEmbd(), base.nLayer(), base.nHead(), base.nInner(),
            base.layerNormEpsilon(), base.eosTokenId(), base.bosTokenId(), 0, 0, 0, scaleAttention,
            base.initializerRange());
    int[][] padded = {{5, 6, 7, 8, 9}, {42}, {1, 2, 3}, {60, 61, 62, 63, 64}};
    int[][] unpadded = {{5, 6, 7}, {42, 43, 44}};
    try (Gpt2Model model = Gpt2Model.randomInit(config, 3)) {
      for (int[][] contexts : List.of(padded, unpadded)) {
        List<float[]> scripted = trace(model.scriptedDecoding(true), contexts);
        List<float[]> stepwise = trace(model.scriptedDecoding(false), contexts);
        assertEquals(stepwise.size(), scripted.size());
        for (int t = 0; t < stepwise.size(); t++) {
          assertArrayEquals(stepwise.get(t), scripted.get(t), 1e-5f, "logits after step " + t);
          assertArrayEquals(argMax(stepwise.get(t)), argMax(scripted.get(t)), "tokens after step " + t);
        }
      }
    }
  }

  /**
   * The logits after the contexts and after each of 12 greedy steps, dropping the first row after step 4 and
   * duplicating the last after step 8 (as beam search and finished rows do).
   */
  private static List<float[]> trace(Gpt2Model model, int[][] contexts) {
    List<float[]> out = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(11);
    try (NDManager m = NDManager.newBaseManager();
        DecodingSession session = model.startDecoding(m, contexts)) {
      out.add(session.nextLogits().toFloatArray());
      for (int t = 0; t < 12; t++) {
        if (t == 4) {
          session.selectRows(m.create(rangeFrom(1, session.rows())));
        } else if (t == 8) {
          long last = session.rows() - 1;
          session.selectRows(m.create(new long[] {0, last, last}));
        }
        long[] tokens = session.nextLogits().argMax(1).toLongArray();
        tokens[0] = random.nextInt(VOCABULARY);
        session.append(m.create(tokens));
        out.add(session.nextLogits().toFloatArray());
      }
    }
    return out;
  }

  private static long[] rangeFrom(int from, int to) {
    long[] out = new long[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }

  private static int[] argMax(float[] flatLogits) {
    int[] out = new int[flatLogits.length / VOCABULARY];
    for (int row = 0; row < out.length; row++) {
      for (int v = 1; v < VOCABULARY; v++) {
        if (flatLogits[row * VOCABULARY + v] > flatLogits[row * VOCABULARY + out[row]]) {
          out[row] = v;
        }
      }
    }
    return out;
  }
}
