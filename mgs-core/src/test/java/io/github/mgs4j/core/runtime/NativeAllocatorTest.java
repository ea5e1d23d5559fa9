package io.github.mgs4j.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

  @Test
  void glibcAcceptsTheThresholdAndOtherPlatformsAreReportedNotFailed() throws Exception {
    boolean linuxGlibc = Files.exists(Path.of("/proc/self/maps"))
        && Files.readString(Path.of("/proc/self/maps")).contains("libc.so.6");
    assertEquals(linuxGlibc, NativeAllocator.isGlibc());
    assertEquals(
        linuxGlibc, NativeAllocator.returnLargeBlocksToTheSystem(NativeAllocator.DEFAULT_MMAP_THRESHOLD_BYTES));
    if (linuxGlibc) {
      assertEquals(NativeAllocator.DEFAULT_MMAP_THRESHOLD_BYTES, NativeAllocator.mmapThresholdBytes());
    }
  }

  @Test
  void thresholdsGlibcWouldRefuseAreRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NativeAllocator.returnLargeBlocksToTheSystem(NativeAllocator.MAX_MMAP_THRESHOLD_BYTES + 1));
    assertTrue(e.getMessage().contains("mmap threshold"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NativeAllocator.returnLargeBlocksToTheSystem(-1));
  }
}
