package io.github.mgs4j.core.runtime;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of one pass over several flat arrays (a model's tensors, seen through {@link HostViews}): every
 * array cut into runs of at most {@code blockElements} consecutive elements, array by array, so that one
 * {@link BlockWorkers#forEach} covers them all. Per-block results combined in block order do not depend on
 * the number of threads.
 */
public final class FlatBlocks {
  private FlatBlocks() {}

  /**
   * Cuts arrays of the given sizes into blocks.
   *
   * @param sizes the number of elements of each array (each at most {@link Integer#MAX_VALUE})
   * @param blockElements the largest block, ≥ 1
   * @return the blocks, array by array, in element order; none for an empty array
   * @throws IllegalArgumentException if {@code blockElements < 1} or a size is negative or too large
   */
  public static List<Block> of(long[] sizes, long blockElements) {
    if (blockElements < 1) {
      throw new IllegalArgumentException("blocks need at least one element, got " + blockElements);
    }
    int step = (int) Math.min(blockElements, Integer.MAX_VALUE);
    List<Block> blocks = new ArrayList<>();
    for (int a = 0; a < sizes.length; a++) {
      if (sizes[a] < 0 || sizes[a] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("array " + a + " has " + sizes[a] + " elements");
      }
      for (long offset = 0; offset < sizes[a]; offset += step) {
        blocks.add(new Block(a, (int) offset, (int) Math.min(step, sizes[a] - offset)));
      }
    }
    return blocks;
  }

  /**
   * Cuts host views into blocks (each view's size is its capacity).
   *
   * @param views the views
   * @param blockElements the largest block, ≥ 1
   * @return the blocks, view by view
   */
  public static List<Block> of(List<FloatBuffer> views, long blockElements) {
    long[] sizes = new long[views.size()];
    for (int a = 0; a < sizes.length; a++) {
      sizes[a] = views.get(a).capacity();
    }
    return of(sizes, blockElements);
  }

  /**
   * One block.
   *
   * @param array the array's index
   * @param offset the block's first element
   * @param length the block's number of elements
   */
  public record Block(int array, int offset, int length) {
    /**
     * Copies this block of its array's view into {@code into}.
     *
     * @param views the views, indexed as the arrays the blocks were cut from
     * @param into an array of at least {@link #length()} floats
     * @return {@code into}
     */
    public float[] read(List<FloatBuffer> views, float[] into) {
      views.get(array).get(offset, into, 0, length);
      return into;
    }

    /**
     * Copies the first {@link #length()} values into this block of its array's view.
     *
     * @param views the views, indexed as the arrays the blocks were cut from
     * @param values the values
     */
    public void write(List<FloatBuffer> views, float[] values) {
      views.get(array).put(offset, values, 0, length);
    }
  }
}
