package io.github.mgs4j.core.runtime;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shortens how long the OpenMP runtime of the engine's CPU build (GNU libgomp) keeps its worker threads
 * spinning after a parallel region, so that Java threads starting work right after an engine call do not
 * share their cores with spinning workers.
 *
 * <p>By default libgomp spins for 300,000 iterations before a worker sleeps: milliseconds on current CPUs,
 * longer than a small model's candidate perturbation, which starts right after a decode. Engine operations
 * follow each other within microseconds, so workers still spin between them with the shorter count. libgomp
 * reads the variable once, when it is loaded, so this must run before the engine starts; it never overrides a
 * value the user set. Process-wide: applications opt in ({@link ProcessTuning#apply()}).
 */
public final class OpenMpSpinning {
  /** The spin count applied by {@link #limit()}. */
  public static final long DEFAULT_SPIN_COUNT = 10_000;

  private static final String VARIABLE = "GOMP_SPINCOUNT";

  private OpenMpSpinning() {}

  /**
   * Sets {@code GOMP_SPINCOUNT} to {@link #DEFAULT_SPIN_COUNT} for this process.
   *
   * @return true if it was set; false if the user set it already, the OpenMP runtime is already loaded (too
   *     late), or the platform has no {@code setenv} (not Linux/glibc)
   */
  public static boolean limit() {
    if (System.getenv(VARIABLE) != null || !NativeAllocator.isGlibc() || openMpLoaded()) {
      return false;
    }
    try {
      int rc = NativeLibrary.getInstance("c").getFunction("setenv")
          .invokeInt(new Object[] {VARIABLE, Long.toString(DEFAULT_SPIN_COUNT), 0});
      return rc == 0;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }

  /** Whether libgomp is mapped into this process already. */
  static boolean openMpLoaded() {
    try {
      return Files.readString(Path.of("/proc/self/maps")).contains("libgomp");
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }
}
