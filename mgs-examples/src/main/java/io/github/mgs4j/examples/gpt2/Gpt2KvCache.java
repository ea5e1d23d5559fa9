package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.github.mgs4j.examples.nn.OwnedArrays;

/**
 * The keys and values of every layer for a batch of rows, each (1, B, heads, cached positions, head_dim)
 * (the leading axis is the q/k/v split axis of the attention), extended by concatenation at every decoding
 * step (by {@link Gpt2Attention}) or replaced by its extension (by a scripted step).
 *
 * <p>The arrays belong to the owner manager and are removed from the current {@link NDScope}, so a
 * decoding step can run inside a scope that releases all of its other intermediates.
 */
final class Gpt2KvCache implements AutoCloseable {
  private final NDManager owner;
  private final NDArray[] keys;
  private final NDArray[] values;

  Gpt2KvCache(NDManager owner, int layers) {
    this.owner = owner;
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /**
   * Appends new keys and values to a layer.
   *
   * @param layer the layer
   * @param k new keys (1, B, heads, T, head_dim)
   * @param v new values (1, B, heads, T, head_dim)
   * @return the layer's full keys and values after the append
   */
  NDArray[] extend(int layer, NDArray k, NDArray v) {
    keys[layer] = OwnedArrays.keep(owner, keys[layer] == null ? k : keys[layer].concat(k, 3), keys[layer]);
    values[layer] = OwnedArrays.keep(owner, values[layer] == null ? v : values[layer].concat(v, 3), values[layer]);
    return new NDArray[] {keys[layer], values[layer]};
  }

  /** The keys of every layer (1, B, heads, cached positions, head_dim), owned by the cache. */
  NDArray[] keys() {
    return keys.clone();
  }

  /** The values of every layer, as {@link #keys()}. */
  NDArray[] values() {
    return values.clone();
  }

  /**
   * Replaces every layer's keys and values (extended elsewhere, by a scripted decoding step), closing the old.
   *
   * @param newKeys one array per layer
   * @param newValues one array per layer
   */
  void replace(NDArray[] newKeys, NDArray[] newValues) {
    if (newKeys.length != keys.length || newValues.length != values.length) {
      throw new IllegalArgumentException(
          "expected " + keys.length + " layers of keys and values, got " + newKeys.length + " and " + newValues.length);
    }
    for (int l = 0; l < keys.length; l++) {
      keys[l] = OwnedArrays.keep(owner, newKeys[l], keys[l]);
      values[l] = OwnedArrays.keep(owner, newValues[l], values[l]);
    }
  }

  /**
   * Keeps only the given rows, in order (rows may repeat).
   *
   * @param rowIndices int64 (rows)
   */
  void selectRows(NDArray rowIndices) {
    NDIndex rows = new NDIndex(":, {}", rowIndices);
    for (int l = 0; l < keys.length; l++) {
      keys[l] = OwnedArrays.keep(owner, keys[l].get(rows), keys[l]);
      values[l] = OwnedArrays.keep(owner, values[l].get(rows), values[l]);
    }
  }

  @Override
  public void close() {
    for (int l = 0; l < keys.length; l++) {
      if (keys[l] != null) {
        keys[l].close();
        values[l].close();
      }
    }
  }
}
