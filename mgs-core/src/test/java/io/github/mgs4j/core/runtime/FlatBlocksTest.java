package io.github.mgs4j.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlatBlocksTest {

  @Test
  void everyElementOfEveryArrayIsInExactlyOneBlockInOrder() {
    long[] sizes = {10, 0, 3, 7};
    List<FlatBlocks.Block> blocks = FlatBlocks.of(sizes, 4);
    assertEquals(
        List.of(
            new FlatBlocks.Block(0, 0, 4),
            new FlatBlocks.Block(0, 4, 4),
            new FlatBlocks.Block(0, 8, 2),
            new FlatBlocks.Block(2, 0, 3),
            new FlatBlocks.Block(3, 0, 4),
            new FlatBlocks.Block(3, 4, 3)),
        blocks);
  }

  @Test
  void badSizesAreNamed() {
    IllegalArgumentException small =
        assertThrows(IllegalArgumentException.class, () -> FlatBlocks.of(new long[] {3}, 0));
    assertEquals("blocks need at least one element, got 0", small.getMessage());
    IllegalArgumentException large =
        assertThrows(IllegalArgumentException.class, () -> FlatBlocks.of(new long[] {1, 1L << 31}, 8));
    assertEquals("array 1 has 2147483648 elements", large.getMessage());
  }
}
