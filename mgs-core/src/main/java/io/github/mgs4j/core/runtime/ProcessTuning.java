package io.github.mgs4j.core.runtime;

/**
 * The one call with which an application lets mgs4j tune the process it runs in (mgs-core never does by
 * itself; the bundled CLI calls {@link #apply()} first thing in {@code main}). Each setting is applied only
 * where the platform has it and the user has not set it already, and none changes a result:
 *
 * <ul>
 *   <li>glibc's mmap threshold at 4 MiB ({@link NativeAllocator}): the large arrays a step frees leave the
 *       resident set at once instead of staying in glibc's heaps;
 *   <li>OpenMP's spin count at 10,000 ({@link OpenMpSpinning}, before the engine loads): the engine's workers
 *       stop spinning soon after each call, so the Java noise passes that follow a decode get the cores;
 *   <li>a HotSpot directive ({@link ZigguratInlining}) that keeps the normal sampler's fast path inlined.
 * </ul>
 */
public final class ProcessTuning {
  private ProcessTuning() {}

  /**
   * Applies the three settings; call it once, at start-up, before the first DJL call.
   *
   * @return what was applied
   */
  public static Applied apply() {
    boolean allocator = System.getenv("MALLOC_MMAP_THRESHOLD_") == null
        && NativeAllocator.returnLargeBlocksToTheSystem(NativeAllocator.DEFAULT_MMAP_THRESHOLD_BYTES);
    boolean spinning = OpenMpSpinning.limit();
    boolean inlining = ZigguratInlining.apply();
    return new Applied(allocator, spinning, inlining);
  }

  /**
   * What {@link #apply()} changed.
   *
   * @param mmapThreshold whether glibc's mmap threshold was set
   * @param openMpSpinning whether {@code GOMP_SPINCOUNT} was set
   * @param jitInlining whether the compiler directive is in force
   */
  public record Applied(boolean mmapThreshold, boolean openMpSpinning, boolean jitInlining) {}
}
