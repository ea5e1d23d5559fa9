package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * What a decoding session keeps between steps, per decoder layer: the self-attention keys and values of every
 * position decoded so far (B, heads, T, head_dim), grown by one position per step, and the cross-attention keys
 * and values of the encoder output (B, heads, S, head_dim), computed once; plus the source padding bias.
 * {@link #selectRows} reorders or repeats rows of all of them (beam search).
 *
 * <p>The arrays belong to the owner manager and are taken out of the current {@link NDScope}, so a step can run
 * inside a scope that releases all of its other intermediates.
 */
final class MarianDecoderCache implements AutoCloseable {
  private final NDManager owner;
  private final NDArray[] selfKeys;
  private final NDArray[] selfValues;
  private final NDArray[] crossKeys;
  private final NDArray[] crossValues;
  private NDArray sourceBias;

  MarianDecoderCache(NDManager owner, NDArray[][] crossKeysValues, NDArray sourceBias) {
    this.owner = owner;
    int layers = crossKeysValues.length;
    this.selfKeys = new NDArray[layers];
    this.selfValues = new NDArray[layers];
    this.crossKeys = new NDArray[layers];
    this.crossValues = new NDArray[layers];
    for (int l = 0; l < layers; l++) {
      crossKeys[l] = keep(crossKeysValues[l][0], null);
      crossValues[l] = keep(crossKeysValues[l][1], null);
    }
    this.sourceBias = sourceBias == null ? null : keep(sourceBias, null);
  }

  /**
   * Appends new self-attention keys and values to a layer.
   *
   * @param layer the layer
   * @param kv the new keys and values, each (B, heads, 1, head_dim)
   * @return the layer's keys and values after the append
   */
  NDArray[] extend(int layer, NDArray[] kv) {
    selfKeys[layer] = keep(selfKeys[layer] == null ? kv[0] : selfKeys[layer].concat(kv[0], 2), selfKeys[layer]);
    selfValues[layer] =
        keep(selfValues[layer] == null ? kv[1] : selfValues[layer].concat(kv[1], 2), selfValues[layer]);
    return new NDArray[] {selfKeys[layer], selfValues[layer]};
  }

  NDArray crossKeys(int layer) {
    return crossKeys[layer];
  }

  NDArray crossValues(int layer) {
    return crossValues[layer];
  }

  /** The source padding bias (B, 1, 1, S), or null when no source row is padded. */
  NDArray sourceBias() {
    return sourceBias;
  }

  /**
   * Keeps only the given rows, in order (rows may repeat).
   *
   * @param rowIndices int64 (rows)
   */
  void selectRows(NDArray rowIndices) {
    NDIndex rows = new NDIndex("{}", rowIndices);
    for (int l = 0; l < selfKeys.length; l++) {
      if (selfKeys[l] != null) {
        selfKeys[l] = keep(selfKeys[l].get(rows), selfKeys[l]);
        selfValues[l] = keep(selfValues[l].get(rows), selfValues[l]);
      }
      crossKeys[l] = keep(crossKeys[l].get(rows), crossKeys[l]);
      crossValues[l] = keep(crossValues[l].get(rows), crossValues[l]);
    }
    if (sourceBias != null) {
      sourceBias = keep(sourceBias.get(rows), sourceBias);
    }
  }

  /** Moves {@code fresh} to the owner, out of the current scope, and closes {@code old}. */
  private NDArray keep(NDArray fresh, NDArray old) {
    NDScope.unregister(fresh);
    fresh.attach(owner);
    if (old != null && old != fresh) {
      old.close();
    }
    return fresh;
  }

  @Override
  public void close() {
    for (NDArray[] group : new NDArray[][] {selfKeys, selfValues, crossKeys, crossValues}) {
      MarianOps.release(group);
    }
    MarianOps.release(sourceBias);
  }
}
