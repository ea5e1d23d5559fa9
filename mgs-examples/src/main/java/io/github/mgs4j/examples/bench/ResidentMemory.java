package io.github.mgs4j.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident-memory readings from {@code /proc/self/status} (Linux); −1 where unavailable. */
final class ResidentMemory {
  private ResidentMemory() {}

  /** Peak resident set size (VmHWM) in bytes. */
  static long peakBytes() {
    return read("VmHWM:");
  }

  /** Current resident set size (VmRSS) in bytes. */
  static long currentBytes() {
    return read("VmRSS:");
  }

  /**
   * Resets the peak (VmHWM) to the current resident size, by writing 5 to {@code /proc/self/clear_refs}
   * (Linux 4.0 and later), so a later {@link #peakBytes()} covers only what ran in between.
   *
   * @return whether the reset took effect
   */
  static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static long read(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
