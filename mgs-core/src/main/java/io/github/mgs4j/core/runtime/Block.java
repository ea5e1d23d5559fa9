package io.github.mgs4j.core.runtime;

import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of consecutive elements of one tensor, in its flat (row-major) order: the unit of every pass over
 * parameter-sized arrays. A candidate's noise is keyed by its blocks ({@link GaussianNoise}: one stream per
 * seed, tensor and block index), and the Java passes of {@link HostArithmetic} hand blocks to a
 * {@link BlockWorkers} team, so per-block results combined in block order do not depend on the thread count.
 *
 * <p>Two layouts cut tensors into blocks. {@link #rows} cuts along the first axis, so an engine can address a
 * block as a view of whole rows; the noise uses it, so the engine and the host draw the same normals for every
 * element. {@link #flat} cuts the flat order at fixed lengths, for passes that only the host runs.
 *
 * @param tensor the tensor's index
 * @param index the block's index within its tensor
 * @param offset the block's first element in the tensor's flat order
 * @param length the block's number of elements, ≥ 1
 */
public record Block(int tensor, int index, long offset, int length) {
  /** The default largest block: 2^17 floats (512 KiB), small enough that block temporaries stay cheap. */
  public static final long DEFAULT_ELEMENTS = 1L << 17;

  /** Checks the fields. */
  public Block {
    if (length < 1) {
      throw new IllegalArgumentException("a block needs at least one element, got " + length);
    }
  }

  /**
   * Cuts tensors into blocks of whole rows (first axis) of at most {@code maxElements}; a tensor that fits, or
   * a scalar, is one block, and a single row larger than the limit is still one block. Empty tensors get none.
   *
   * @param shapes the tensors' shapes
   * @param maxElements the largest block, ≥ 1
   * @return the blocks, tensor by tensor, in element order
   */
  public static List<Block> rows(List<Shape> shapes, long maxElements) {
    requirePositive(maxElements);
    List<Block> blocks = new ArrayList<>();
    for (int w = 0; w < shapes.size(); w++) {
      Shape shape = shapes.get(w);
      long size = shape.size();
      if (size == 0) {
        continue;
      }
      if (shape.dimension() == 0 || size <= maxElements) {
        blocks.add(new Block(w, 0, 0, Math.toIntExact(size)));
        continue;
      }
      long rows = shape.get(0);
      long rowSize = size / rows;
      long perBlock = Math.max(1, maxElements / rowSize);
      for (long first = 0, b = 0; first < rows; first += perBlock, b++) {
        long count = Math.min(perBlock, rows - first);
        blocks.add(new Block(w, Math.toIntExact(b), first * rowSize, Math.toIntExact(count * rowSize)));
      }
    }
    return blocks;
  }

  /**
   * Cuts arrays of the given sizes into runs of at most {@code maxElements} consecutive elements.
   *
   * @param sizes the number of elements of each array (each at most {@link Integer#MAX_VALUE})
   * @param maxElements the largest block, ≥ 1
   * @return the blocks, array by array, in element order; none for an empty array
   * @throws IllegalArgumentException if {@code maxElements < 1} or a size is negative or too large
   */
  public static List<Block> flat(long[] sizes, long maxElements) {
    requirePositive(maxElements);
    int step = (int) Math.min(maxElements, Integer.MAX_VALUE);
    List<Block> blocks = new ArrayList<>();
    for (int a = 0; a < sizes.length; a++) {
      if (sizes[a] < 0 || sizes[a] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("array " + a + " has " + sizes[a] + " elements");
      }
      int b = 0;
      for (long offset = 0; offset < sizes[a]; offset += step) {
        blocks.add(new Block(a, b++, offset, (int) Math.min(step, sizes[a] - offset)));
      }
    }
    return blocks;
  }

  private static void requirePositive(long maxElements) {
    if (maxElements < 1) {
      throw new IllegalArgumentException("blocks need at least one element, got " + maxElements);
    }
  }

  /**
   * The engine index of this block of a tensor of the given shape (a block of {@link #rows}): its rows, or
   * null when the block is the whole tensor.
   */
  public NDIndex rowsIn(Shape shape) {
    long size = shape.size();
    if (offset == 0 && length == size) {
      return null;
    }
    long rowSize = size / shape.get(0);
    return new NDIndex((offset / rowSize) + ":" + ((offset + length) / rowSize));
  }

  /** Copies this block of its tensor's view into {@code into} and returns it. */
  public float[] read(List<FloatBuffer> views, float[] into) {
    views.get(tensor).get(Math.toIntExact(offset), into, 0, length);
    return into;
  }

  /** Copies the first {@link #length()} values into this block of its tensor's view. */
  public void write(List<FloatBuffer> views, float[] values) {
    views.get(tensor).put(Math.toIntExact(offset), values, 0, length);
  }
}
