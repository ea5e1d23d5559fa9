package io.github.mgs4j.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

  @Test
  void glibcAcceptsTheThresholdAndOtherPlatformsAreReportedNotFailed() throws Exception {
    boolean linuxGlibc = Files.exists(Path.of("/proc/self/maps"))
        && Files.readString(Path.of("/proc/self/maps")).contains("libc.so.6");
    assertEquals(linuxGlibc, NativeAllocator.isGlibc());
    assertEquals(
        linuxGlibc, NativeAllocator.returnLargeBlocksToTheSystem(NativeAllocator.DEFAULT_MMAP_THRESHOLD_BYTES));
  }

  @Test
  void thresholdsGlibcWouldRefuseAreRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NativeAllocator.returnLargeBlocksToTheSystem(NativeAllocator.MAX_MMAP_THRESHOLD_BYTES + 1));
    assertTrue(e.getMessage().contains("mmap threshold"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NativeAllocator.returnLargeBlocksToTheSystem(-1));
  }

  /**
   * Small native blocks freed below a live one stay resident until {@link NativeAllocator#releaseFreeMemory}
   * hands their pages back (64 KiB blocks: below any mmap threshold, so they come from glibc's heaps).
   */
  @Test
  void freedSmallBlocksLeaveTheResidentSetWhenReleased() throws Exception {
    assumeTrue(NativeAllocator.isGlibc(), "glibc only");
    try (NDManager manager = NDManager.newBaseManager()) {
      List<NDArray> blocks = new ArrayList<>();
      for (int i = 0; i < 2048; i++) {
        blocks.add(manager.ones(new Shape(16 * 1024)));
      }
      NDArray above = manager.ones(new Shape(16));
      for (NDArray block : blocks) {
        block.close();
      }
      long freed = 2048L * 64 * 1024;
      long before = residentBytes();
      assertTrue(NativeAllocator.releaseFreeMemory(), "glibc released nothing");
      long after = residentBytes();
      assertTrue(before - after > freed / 2,
          "resident set went from " + before + " to " + after + " bytes after freeing " + freed);
      above.close();
    }
  }

  private static long residentBytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
