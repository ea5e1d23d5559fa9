package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.examples.nn.OwnedArrays;

/**
 * The self-attention keys (or values) of every decoded position of every row, (rows, heads, length, head_dim),
 * held in an array with room for more positions: {@link #append} writes the new position in place instead of
 * copying the whole cache into a longer array, and the room doubles when it runs out. Reordering rows copies only
 * the filled positions.
 *
 * <p>The array belongs to the owner manager and is taken out of the current {@link NDScope}.
 */
final class PositionBuffer implements AutoCloseable {
  /** Positions the first array has room for. */
  static final int INITIAL_CAPACITY = 32;

  private final NDManager owner;
  private NDArray buffer;
  private int length;

  PositionBuffer(NDManager owner) {
    this.owner = owner;
  }

  /**
   * Appends one position.
   *
   * @param next (rows, heads, 1, head_dim)
   * @return the filled positions, the new one included: (rows, heads, length, head_dim), a view that stays valid
   *     until the next call on this buffer
   */
  NDArray append(NDArray next) {
    Shape shape = next.getShape();
    if (buffer == null) {
      Shape empty = new Shape(shape.get(0), shape.get(1), INITIAL_CAPACITY, shape.get(3));
      buffer = OwnedArrays.keep(owner, owner.zeros(empty, next.getDataType()), null);
    } else if (length == capacity()) {
      NDArray room = buffer.zerosLike();
      NDArray grown = buffer.concat(room, 2);
      room.close();
      buffer.close();
      buffer = OwnedArrays.keep(owner, grown, null);
    }
    buffer.set(new NDIndex(":, :, {}:{}", length, length + 1), next);
    length++;
    return filled();
  }

  /**
   * Keeps only the given rows, in order (rows may repeat).
   *
   * @param rowIndices int64 (rows)
   */
  void selectRows(NDArray rowIndices) {
    if (buffer == null) {
      return;
    }
    NDArray moved = filled().get(new NDIndex("{}", rowIndices));
    if (moved.getShape().get(0) == buffer.getShape().get(0)) {
      buffer.set(new NDIndex(":, :, :{}", length), moved);
      moved.close();
    } else {
      Shape shape = buffer.getShape();
      NDArray resized = owner.zeros(
          new Shape(moved.getShape().get(0), shape.get(1), shape.get(2), shape.get(3)), buffer.getDataType());
      resized.set(new NDIndex(":, :, :{}", length), moved);
      moved.close();
      buffer.close();
      buffer = OwnedArrays.keep(owner, resized, null);
    }
  }

  private NDArray filled() {
    return buffer.get(new NDIndex(":, :, :{}", length));
  }

  private long capacity() {
    return buffer.getShape().get(2);
  }

  @Override
  public void close() {
    MarianOps.release(buffer);
  }
}
