package io.github.mgs4j.examples.translation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.DecodingSession;
import org.junit.jupiter.api.Test;

/**
 * Row selection in a decoding session: whatever rows are kept, repeated or reordered (beam expansion, a beam
 * step, dropping finished rows, rows of one source apart), every later step's logits equal those of a fresh
 * session decoding exactly those rows' sources and tokens; and the grouping of selected rows by source.
 */
class MarianDecodingSessionTest {
  private static final int[][] SOURCES = {{5, 17, 60, 42, 0}, {40, 1, 2, 0}, {7, 8, 0}};

  @Test
  void selectedRowsDecodeAsAFreshSessionOfTheirSources() throws Exception {
    // Each selection lists, per new row, a row of the previous selection.
    long[][] selections = {
      {0, 0, 1, 1, 2, 2}, // beam expansion: two rows per source, source blocks kept
      {1, 0, 2, 2, 5, 4}, // a beam step: rows stay on their source
      {0, 1, 4, 5}, // the middle source finished: sources gathered
      {2, 0, 1, 3}, // rows of one source apart: per-row keys
      {1, 1, 0, 0}, // repeated rows: blocks again
    };
    long[][] appended = {{11, 12, 13, 14, 15, 16}, {21, 22, 23, 24, 25, 26}, {31, 32, 33, 34}, {41, 42, 43, 44},
        {51, 52, 53, 54}};
    try (MarianModel model = MarianCheckpoint.load(MarianReferenceTest.dir("tied"));
        NDManager m = NDManager.newBaseManager()) {
      // Each row's history: its source and the tokens appended to it so far.
      int[] rowSource = {0, 1, 2};
      long[][] rowTokens = {{}, {}, {}};
      try (DecodingSession session = model.startDecoding(m, SOURCES)) {
        for (int s = 0; s < selections.length; s++) {
          long[] selected = selections[s];
          int[] nextSource = new int[selected.length];
          long[][] nextTokens = new long[selected.length][];
          for (int r = 0; r < selected.length; r++) {
            nextSource[r] = rowSource[(int) selected[r]];
            nextTokens[r] = append(rowTokens[(int) selected[r]], appended[s][r]);
          }
          session.selectRows(m.create(selected));
          assertEquals(selected.length, session.rows());
          session.append(m.create(appended[s]));
          rowSource = nextSource;
          rowTokens = nextTokens;
          float[] got = session.nextLogits().toFloatArray();
          float[] want = fresh(model, m, rowSource, rowTokens);
          assertArrayEquals(want, got, 1e-5f, "after selection " + s);
        }
      }
    }
  }

  @Test
  void logitsAreSelectedWhenReadBeforeTheNextAppend() throws Exception {
    try (MarianModel model = MarianCheckpoint.load(MarianReferenceTest.dir("tied"));
        NDManager m = NDManager.newBaseManager();
        DecodingSession session = model.startDecoding(m, SOURCES)) {
      float[] all = session.nextLogits().toFloatArray();
      int vocabulary = model.vocabularySize();
      session.selectRows(m.create(new long[] {2, 0, 2}));
      session.selectRows(m.create(new long[] {1, 2}));
      float[] got = session.nextLogits().toFloatArray();
      assertEquals(2 * vocabulary, got.length);
      for (int v = 0; v < vocabulary; v++) {
        assertEquals(all[v], got[v], 0f);
        assertEquals(all[2 * vocabulary + v], got[vocabulary + v], 0f);
      }
      assertThrows(IllegalArgumentException.class, () -> session.selectRows(m.create(new long[] {0, 2})));
    }
  }

  @Test
  void selectedRowsAreGroupedInTheLongestBlocksThatShareASource() {
    MarianDecoderCache.SourceBlocks expand = MarianDecoderCache.SourceBlocks.of(new long[] {0, 0, 0, 1, 1, 1}, 1);
    assertEquals(3, expand.rowsPerSource());
    assertArrayEquals(new long[] {0, 1}, expand.sources());
    assertEquals(true, expand.keepsSources(2));

    MarianDecoderCache.SourceBlocks beamStep =
        MarianDecoderCache.SourceBlocks.of(new long[] {2, 0, 0, 5, 3, 3}, 3);
    assertEquals(3, beamStep.rowsPerSource());
    assertEquals(true, beamStep.keepsSources(2));

    MarianDecoderCache.SourceBlocks dropped = MarianDecoderCache.SourceBlocks.of(new long[] {3, 4, 5}, 3);
    assertEquals(3, dropped.rowsPerSource());
    assertArrayEquals(new long[] {1}, dropped.sources());
    assertEquals(false, dropped.keepsSources(2));

    MarianDecoderCache.SourceBlocks uneven = MarianDecoderCache.SourceBlocks.of(new long[] {0, 1, 2, 3, 4, 5}, 2);
    assertEquals(2, uneven.rowsPerSource());
    MarianDecoderCache.SourceBlocks mixed = MarianDecoderCache.SourceBlocks.of(new long[] {0, 1, 2, 3, 2, 5}, 2);
    assertEquals(1, mixed.rowsPerSource());
    assertArrayEquals(new long[] {0, 0, 1, 1, 1, 2}, mixed.sources());
  }

  /** The next-token logits of a session started on the given sources, the given tokens appended. */
  private static float[] fresh(MarianModel model, NDManager m, int[] sources, long[][] tokens) {
    int[][] contexts = new int[sources.length][];
    for (int r = 0; r < sources.length; r++) {
      contexts[r] = SOURCES[sources[r]];
    }
    try (NDManager scope = m.newSubManager();
        DecodingSession session = model.startDecoding(scope, contexts)) {
      for (int t = 0; t < tokens[0].length; t++) {
        long[] column = new long[sources.length];
        for (int r = 0; r < sources.length; r++) {
          column[r] = tokens[r][t];
        }
        session.append(scope.create(column));
      }
      return session.nextLogits().toFloatArray();
    }
  }

  private static long[] append(long[] tokens, long next) {
    long[] out = java.util.Arrays.copyOf(tokens, tokens.length + 1);
    out[tokens.length] = next;
    return out;
  }
}
