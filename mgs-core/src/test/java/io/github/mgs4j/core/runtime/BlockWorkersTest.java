package io.github.mgs4j.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class BlockWorkersTest {

  @Test
  void everyBlockRunsExactlyOnceAndDrawsTheSameNoiseOnAnyTeam() {
    Block[] blocks = new Block[37];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = new Block(i % 3, i, 0, 5 + i);
    }
    float[][] reference = new float[blocks.length][];
    for (int threads : new int[] {1, 3}) {
      AtomicIntegerArray runs = new AtomicIntegerArray(blocks.length);
      Set<String> threadNames = ConcurrentHashMap.newKeySet();
      float[][] drawn = new float[blocks.length][];
      try (BlockWorkers workers = new BlockWorkers(threads)) {
        workers.forEach(blocks.length, (i, scratch) -> {
          runs.incrementAndGet(i);
          threadNames.add(Thread.currentThread().getName());
          float[] out = scratch.floats(0, blocks[i].length());
          GaussianNoise.draw(9, blocks[i], 0.5, out);
          drawn[i] = java.util.Arrays.copyOf(out, blocks[i].length());
        });
      }
      for (int i = 0; i < blocks.length; i++) {
        assertEquals(1, runs.get(i), "block " + i + " with " + threads + " threads");
        if (threads == 1) {
          reference[i] = drawn[i];
        } else {
          assertArrayEquals(reference[i], drawn[i], "block " + i);
        }
      }
      assertTrue(threadNames.size() <= threads);
    }
  }

  @Test
  void aFailingBlockIsRethrownAfterTheTeamStops() {
    try (BlockWorkers workers = new BlockWorkers(2)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> workers.forEach(100, (i, scratch) -> {
            if (i == 7) {
              throw new IllegalStateException("block 7 failed");
            }
          }));
      assertEquals("block 7 failed", e.getMessage());
      // The team is still usable afterwards.
      AtomicIntegerArray runs = new AtomicIntegerArray(5);
      workers.forEach(5, (i, scratch) -> runs.incrementAndGet(i));
      for (int i = 0; i < 5; i++) {
        assertEquals(1, runs.get(i));
      }
    }
  }

  @Test
  void misuseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new BlockWorkers(0));
    BlockWorkers workers = new BlockWorkers(2);
    workers.close();
    assertThrows(IllegalStateException.class, () -> workers.forEach(1, (i, scratch) -> {}));
    assertThrows(IllegalArgumentException.class,
        () -> GaussianNoise.draw(1, new Block(0, 0, 0, 10), 1.0, new float[9]));
  }
}
