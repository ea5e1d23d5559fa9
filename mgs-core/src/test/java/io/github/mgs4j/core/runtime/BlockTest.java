package io.github.mgs4j.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockTest {

  @Test
  void everyElementOfEveryArrayIsInExactlyOneFlatBlockInOrder() {
    long[] sizes = {10, 0, 3, 7};
    List<Block> blocks = Block.flat(sizes, 4);
    assertEquals(
        List.of(
            new Block(0, 0, 0, 4),
            new Block(0, 1, 4, 4),
            new Block(0, 2, 8, 2),
            new Block(2, 0, 0, 3),
            new Block(3, 0, 0, 4),
            new Block(3, 1, 4, 3)),
        blocks);
  }

  @Test
  void badSizesAreNamed() {
    IllegalArgumentException small =
        assertThrows(IllegalArgumentException.class, () -> Block.flat(new long[] {3}, 0));
    assertEquals("blocks need at least one element, got 0", small.getMessage());
    IllegalArgumentException large =
        assertThrows(IllegalArgumentException.class, () -> Block.flat(new long[] {1, 1L << 31}, 8));
    assertEquals("array 1 has 2147483648 elements", large.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Block(0, 0, 0, 0));
  }

  /** Row blocks are whole rows, and each one's engine view holds exactly its elements. */
  @Test
  void rowBlocksAreViewsOfWholeRows() {
    List<Shape> shapes = List.of(new Shape(10, 3), new Shape(7), new Shape(0, 4), new Shape(5, 2, 2), new Shape());
    List<Block> blocks = Block.rows(shapes, 8);
    assertEquals(List.of(0, 0, 0, 0, 0, 1, 3, 3, 3, 4), blocks.stream().map(Block::tensor).toList());
    assertEquals(List.of(6, 6, 6, 6, 6, 7, 8, 8, 4, 1), blocks.stream().map(Block::length).toList());
    try (NDManager m = NDManager.newBaseManager()) {
      for (Block b : blocks) {
        NDArray a = m.arange((float) shapes.get(b.tensor()).size()).reshape(shapes.get(b.tensor()));
        NDIndex rows = b.rowsIn(a.getShape());
        float[] values = (rows == null ? a : a.get(rows)).toFloatArray();
        assertEquals(b.length(), values.length);
        for (int j = 0; j < values.length; j++) {
          assertEquals(b.offset() + j, values[j], "block " + b + ", element " + j);
        }
      }
    }
    assertNull(blocks.get(5).rowsIn(shapes.get(1)), "a tensor that fits is one block, the tensor itself");
  }
}
