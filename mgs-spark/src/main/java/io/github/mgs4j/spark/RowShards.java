package io.github.mgs4j.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Which rows of a batch each of W workers decodes: contiguous shards in row order, shard p holding rows
 * {@code [from(p), to(p))}. {@link #even} splits B rows as evenly as possible (sizes differ by at most one, the
 * first shards the larger); {@link #of} takes any sizes, empty shards included.
 */
final class RowShards implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int[] bounds;

  private RowShards(int[] bounds) {
    this.bounds = bounds;
  }

  /**
   * Splits {@code rows} rows over {@code workers} shards as evenly as possible.
   *
   * @throws IllegalArgumentException if {@code workers < 1} or {@code rows < 0}
   */
  static RowShards even(int rows, int workers) {
    if (workers < 1 || rows < 0) {
      throw new IllegalArgumentException("cannot split " + rows + " rows over " + workers + " workers");
    }
    int[] sizes = new int[workers];
    for (int p = 0; p < workers; p++) {
      sizes[p] = rows / workers + (p < rows % workers ? 1 : 0);
    }
    return of(sizes);
  }

  /**
   * Shards of the given sizes, in order.
   *
   * @throws IllegalArgumentException if there is no shard or a size is negative
   */
  static RowShards of(int... sizes) {
    if (sizes.length == 0) {
      throw new IllegalArgumentException("no shards");
    }
    int[] bounds = new int[sizes.length + 1];
    for (int p = 0; p < sizes.length; p++) {
      if (sizes[p] < 0) {
        throw new IllegalArgumentException("shard " + p + " has a negative size: " + Arrays.toString(sizes));
      }
      bounds[p + 1] = bounds[p] + sizes[p];
    }
    return new RowShards(bounds);
  }

  /** W. */
  int count() {
    return bounds.length - 1;
  }

  /** B, the rows of all shards. */
  int rows() {
    return bounds[bounds.length - 1];
  }

  /** First row of shard p. */
  int from(int p) {
    return bounds[p];
  }

  /** One past the last row of shard p. */
  int to(int p) {
    return bounds[p + 1];
  }

  @Override
  public String toString() {
    int[] sizes = new int[count()];
    for (int p = 0; p < sizes.length; p++) {
      sizes[p] = to(p) - from(p);
    }
    return Arrays.toString(sizes);
  }
}
