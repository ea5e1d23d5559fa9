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
    long rows = shape.dimension() == 0 ? 1 : shape.get(0);
    if (shape.dimension() == 0 || shape.size() <= maxElements) {
      blocks.add(null);
      return blocks;
    }
    long rowSize = Math.max(1, shape.size() / Math.max(1, rows));
    long perBlock = Math.max(1, maxElements / rowSize);
    for (long from = 0; from < rows; from += perBlock) {
      blocks.add(new NDIndex(from + ":" + Math.min(rows, from + perBlock)));
    }
    return blocks;
  }
}
