package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.github.mgs4j.examples.nn.OwnedArrays;

/**
 * What a decoding session keeps between steps, per decoder layer: the self-attention keys and values of every
 * position decoded so far, one row per decoded row (rows, heads, T, head_dim), grown by one position per step
 * ({@link PositionBuffer}); and
 * the cross-attention keys and values of the encoder output, computed once, one row per <em>source</em>
 * (sources, heads, S, head_dim), with the source padding bias.
 *
 * <p>Decoded rows map onto sources in consecutive blocks of {@link #rowsPerSource} rows: the beams of one source
 * share its encoder keys and values, so {@link #selectRows} reorders only the self-attention cache while the
 * selection keeps every row on its source (a beam-search step), and gathers the per-source arrays only when the
 * set of sources changes (beam expansion keeps them; dropping finished rows gathers them).
 *
 * <p>The arrays belong to the owner manager and are taken out of the current {@link NDScope}, so a step can run
 * inside a scope that releases all of its other intermediates.
 */
final class MarianDecoderCache implements AutoCloseable {
  private final NDManager owner;
  private final PositionBuffer[] selfKeys;
  private final PositionBuffer[] selfValues;
  private final NDArray[] crossKeys;
  private final NDArray[] crossValues;
  private NDArray sourceBias;
  private int sources;
  private int rowsPerSource = 1;

  MarianDecoderCache(NDManager owner, NDArray[][] crossKeysValues, NDArray sourceBias) {
    this.owner = owner;
    int layers = crossKeysValues.length;
    this.selfKeys = new PositionBuffer[layers];
    this.selfValues = new PositionBuffer[layers];
    this.crossKeys = new NDArray[layers];
    this.crossValues = new NDArray[layers];
    for (int l = 0; l < layers; l++) {
      selfKeys[l] = new PositionBuffer(owner);
      selfValues[l] = new PositionBuffer(owner);
      crossKeys[l] = OwnedArrays.keep(owner, crossKeysValues[l][0], null);
      crossValues[l] = OwnedArrays.keep(owner, crossKeysValues[l][1], null);
    }
    this.sourceBias = sourceBias == null ? null : OwnedArrays.keep(owner, sourceBias, null);
    this.sources = layers == 0 ? 0 : Math.toIntExact(crossKeys[0].getShape().get(0));
  }

  /**
   * Appends new self-attention keys and values to a layer.
   *
   * @param layer the layer
   * @param kv the new keys and values, each (rows, heads, 1, head_dim)
   * @return the layer's keys and values after the append
   */
  NDArray[] extend(int layer, NDArray[] kv) {
    return new NDArray[] {selfKeys[layer].append(kv[0]), selfValues[layer].append(kv[1])};
  }

  /** The encoder output's keys for a layer, one row per source (sources, heads, S, head_dim). */
  NDArray crossKeys(int layer) {
    return crossKeys[layer];
  }

  /** The encoder output's values for a layer, one row per source. */
  NDArray crossValues(int layer) {
    return crossValues[layer];
  }

  /** The source padding bias (sources, 1, 1, S), or null when no source is padded. */
  NDArray sourceBias() {
    return sourceBias;
  }

  /** How many consecutive decoded rows read one source's keys and values. */
  int rowsPerSource() {
    return rowsPerSource;
  }

  /**
   * Keeps only the given rows, in order (rows may repeat).
   *
   * @param rowIndices int64 (rows)
   * @param rows the same indices on the host
   */
  void selectRows(NDArray rowIndices, long[] rows) {
    for (int l = 0; l < selfKeys.length; l++) {
      selfKeys[l].selectRows(rowIndices);
      selfValues[l].selectRows(rowIndices);
    }
    SourceBlocks blocks = SourceBlocks.of(rows, rowsPerSource);
    if (!blocks.keepsSources(sources)) {
      try (NDArray index = owner.create(blocks.sources())) {
        NDIndex kept = new NDIndex("{}", index);
        for (int l = 0; l < crossKeys.length; l++) {
          crossKeys[l] = OwnedArrays.keep(owner, crossKeys[l].get(kept), crossKeys[l]);
          crossValues[l] = OwnedArrays.keep(owner, crossValues[l].get(kept), crossValues[l]);
        }
        if (sourceBias != null) {
          sourceBias = OwnedArrays.keep(owner, sourceBias.get(kept), sourceBias);
        }
      }
      sources = blocks.sources().length;
    }
    rowsPerSource = blocks.rowsPerSource();
  }

  /**
   * Selected rows grouped by source: consecutive blocks of {@code rowsPerSource} rows, each reading one source.
   *
   * @param sources the source of each block, as indices into the current sources
   * @param rowsPerSource the block length
   */
  record SourceBlocks(long[] sources, int rowsPerSource) {
    /**
     * The coarsest blocks of a selection: their length is the greatest common divisor of the lengths of the
     * runs of rows that read one source, so each block lies within a run.
     *
     * @param rows the selected rows (indices into the current rows)
     * @param currentRowsPerSource how many current rows read each current source
     */
    static SourceBlocks of(long[] rows, int currentRowsPerSource) {
      int block = 0;
      int run = 0;
      for (int r = 0; r < rows.length; r++) {
        run++;
        boolean runEnds = r == rows.length - 1
            || rows[r + 1] / currentRowsPerSource != rows[r] / currentRowsPerSource;
        if (runEnds) {
          block = gcd(block, run);
          run = 0;
        }
      }
      block = Math.max(block, 1);
      long[] blockSources = new long[rows.length / block];
      for (int b = 0; b < blockSources.length; b++) {
        blockSources[b] = rows[b * block] / currentRowsPerSource;
      }
      return new SourceBlocks(blockSources, block);
    }

    /** Whether the blocks read the current sources unchanged: source b for block b, all of them. */
    boolean keepsSources(int current) {
      if (sources.length != current) {
        return false;
      }
      for (int b = 0; b < sources.length; b++) {
        if (sources[b] != b) {
          return false;
        }
      }
      return true;
    }

    private static int gcd(int a, int b) {
      return b == 0 ? a : gcd(b, a % b);
    }
  }


  @Override
  public void close() {
    for (int l = 0; l < selfKeys.length; l++) {
      selfKeys[l].close();
      selfValues[l].close();
    }
    MarianOps.release(crossKeys);
    MarianOps.release(crossValues);
    MarianOps.release(sourceBias);
  }
}
