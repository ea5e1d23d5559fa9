package io.github.mgs4j.core.model;

import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a tensor along its first axis into blocks of at most a given number of elements, so that in-place
 * work on large parameters (noise, optimizer updates) runs through views with block-sized temporaries.
 */
public final class RowBlocks {
  /**
   * The default block: 2^17 floats (512 KiB). Measured on 2-core CPU VMs with {@code THP_MEM_ALLOC_ENABLE=1},
   * drawing noise for a 38.6M-float tensor block by block: 2^20-float (4 MiB) blocks took 0.36 s, because
   * libtorch backs large temporaries with fresh huge pages and pays their page faults on every block;
   * 2^16 to 2^18 took 0.14-0.15 s, the same as one whole-tensor draw. Within that range, larger blocks mean
   * fewer native calls: the full perturbation (draw, two dot products, add) took 0.23 s at 2^16 and 0.19 s
   * at 2^17.
   */
  public static final long DEFAULT_BLOCK_ELEMENTS = 1L << 17;

  private RowBlocks() {}

  /**
   * The row-block indices of a tensor.
   *
   * @param shape the tensor's shape
   * @param maxElements the largest block, ≥ 1 (a single row larger than this is still one block)
   * @return the blocks in order; one {@code null} entry when the whole tensor fits in one block
   */
  public static List<NDIndex> of(Shape shape, long maxElements) {
    List<NDIndex> blocks = new ArrayList<>();
    long[] bounds = rowBounds(shape, maxElements);
    if (bounds.length == 0) {
      blocks.add(null);
      return blocks;
    }
    for (int b = 0; b + 1 < bounds.length; b++) {
      blocks.add(new NDIndex(bounds[b] + ":" + bounds[b + 1]));
    }
    return blocks;
  }

  /**
   * The number of elements in each block {@link #of(Shape, long)} returns, in the same order.
   *
   * @param shape the tensor's shape
   * @param maxElements the largest block, ≥ 1
   * @return one size per block
   */
  public static long[] sizes(Shape shape, long maxElements) {
    long[] bounds = rowBounds(shape, maxElements);
    if (bounds.length == 0) {
      return new long[] {shape.size()};
    }
    long rowSize = shape.size() / shape.get(0);
    long[] sizes = new long[bounds.length - 1];
    for (int b = 0; b < sizes.length; b++) {
      sizes[b] = (bounds[b + 1] - bounds[b]) * rowSize;
    }
    return sizes;
  }

  /** The row boundaries of the blocks (first row of each, then the row count); empty for one whole block. */
  private static long[] rowBounds(Shape shape, long maxElements) {
    if (shape.dimension() == 0 || shape.size() <= maxElements) {
      return new long[0];
    }
    long rows = shape.get(0);
    long rowSize = Math.max(1, shape.size() / Math.max(1, rows));
    long perBlock = Math.max(1, maxElements / rowSize);
    int count = (int) ((rows + perBlock - 1) / perBlock);
    long[] bounds = new long[count + 1];
    for (int b = 0; b < count; b++) {
      bounds[b] = b * perBlock;
    }
    bounds[count] = rows;
    return bounds;
  }
}
