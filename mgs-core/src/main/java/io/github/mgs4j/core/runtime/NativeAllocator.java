package io.github.mgs4j.core.runtime;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * glibc's {@code malloc}, which libtorch's CPU allocator sits on: a fixed mmap threshold, so that large arrays
 * freed by a training step go back to the operating system at once, and {@code malloc_trim}.
 *
 * <p>By default glibc raises its mmap threshold every time a large block is freed (up to 32 MiB), after which
 * blocks below it come from heaps that keep freed memory resident. An MGS step frees the MLE backward pass's
 * activations and its search buffers every step, so with the default policy the resident set carries a
 * varying amount of freed memory from one phase into the next. A fixed threshold
 * ({@link #DEFAULT_MMAP_THRESHOLD_BYTES}) maps every block of 4 MiB or more on its own and unmaps it when
 * freed, while smaller blocks (a decoding step's activations, block temporaries) stay on the fast path. Both
 * are process-wide: applications opt in ({@link ProcessTuning#apply()}), mgs-core never calls them by itself
 * (except {@link #releaseFreeMemory()}, when an {@code ExecutionConfig} asks for it).
 */
public final class NativeAllocator {
  /** 4 MiB: large enough that per-token decoding temporaries stay in the heap, small enough for activations. */
  public static final long DEFAULT_MMAP_THRESHOLD_BYTES = 4L << 20;

  /** glibc's largest accepted threshold on 64-bit ({@code HEAP_MAX_SIZE / 2}). */
  static final long MAX_MMAP_THRESHOLD_BYTES = 32L << 20;

  /** {@code M_MMAP_THRESHOLD} in glibc's {@code malloc.h}. */
  private static final int M_MMAP_THRESHOLD = -3;

  private NativeAllocator() {}

  /**
   * Sets glibc's mmap threshold (and so turns off its dynamic adjustment): blocks of at least
   * {@code thresholdBytes} are mapped on their own and returned to the system when freed.
   *
   * @param thresholdBytes the threshold, 0 to 32 MiB
   * @return true if glibc accepted it; false where there is no glibc (another C library, another OS) or it
   *     refused the value
   * @throws IllegalArgumentException if the threshold is outside 0 to 32 MiB
   */
  public static boolean returnLargeBlocksToTheSystem(long thresholdBytes) {
    if (thresholdBytes < 0 || thresholdBytes > MAX_MMAP_THRESHOLD_BYTES) {
      throw new IllegalArgumentException(
          "mmap threshold must be between 0 and " + MAX_MMAP_THRESHOLD_BYTES + " bytes, got " + thresholdBytes);
    }
    if (!isGlibc()) {
      return false;
    }
    try {
      Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
      return mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, (int) thresholdBytes}) == 1;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }

  /**
   * Returns the free memory of every glibc heap to the system ({@code malloc_trim(0)}): the pages of freed
   * blocks below the mmap threshold, which glibc otherwise keeps resident.
   *
   * @return true if glibc released some memory; false if it released none or there is no glibc
   */
  public static boolean releaseFreeMemory() {
    if (!isGlibc()) {
      return false;
    }
    try {
      return NativeLibrary.getInstance("c").getFunction("malloc_trim").invokeInt(new Object[] {0L}) == 1;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }

  /** Whether the process runs on glibc (the only C library whose {@code mallopt} this targets). */
  static boolean isGlibc() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return false;
    }
    try {
      NativeLibrary.getInstance("c").getFunction("gnu_get_libc_version");
      return true;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }
}
