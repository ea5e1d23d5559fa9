package io.github.mgs4j.losses.text;

/**
 * An open-addressing map from non-negative {@code long} keys to dense ids 0, 1, 2, … in order of first
 * appearance. The n-gram counters build order-n ids from (order-(n−1) id, next symbol) pairs with it, so
 * counting never creates n-gram strings or boxed keys. Not thread-safe: one instance per computation.
 */
public final class DenseIds {
  private long[] keys;
  private int[] values;
  private int size;

  /** An empty map. */
  public DenseIds() {
    this(32);
  }

  /**
   * An empty map sized for {@code expected} keys without growing.
   *
   * @param expected the number of distinct keys expected
   */
  public DenseIds(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, 4 * expected / 3) - 1) * 2;
    keys = new long[capacity];
    values = new int[capacity];
  }

  /** The key of an n-gram: its (n−1)-gram prefix id and last symbol, both non-negative. */
  public static long pair(int prefixId, int symbol) {
    return (long) prefixId * Integer.MAX_VALUE + symbol;
  }

  /** The number of distinct keys seen. */
  public int size() {
    return size;
  }

  /**
   * The id of {@code key}, assigning the next id on first sight.
   *
   * @param key a non-negative key
   */
  public int idOf(long key) {
    if (4 * (size + 1) > 3 * keys.length) {
      grow();
    }
    long stored = key + 1; // 0 marks an empty slot
    int mask = keys.length - 1;
    int slot = mix(key) & mask;
    while (keys[slot] != 0L) {
      if (keys[slot] == stored) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    keys[slot] = stored;
    values[slot] = size;
    return size++;
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0L) {
        int slot = mix(oldKeys[i] - 1) & mask;
        while (keys[slot] != 0L) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }
}
