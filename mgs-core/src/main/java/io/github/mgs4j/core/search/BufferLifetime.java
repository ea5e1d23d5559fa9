package io.github.mgs4j.core.search;

/**
 * When an MGS step holds its parameter-sized search buffers (the snapshot that restores θ after each
 * in-place candidate, and, with {@link DirectionStorage#ACCUMULATOR}, the accumulator): a trade between the peak
 * memory of a step and the cost of allocating those buffers again every step. The result of a step does not
 * depend on it (bit for bit).
 */
public enum BufferLifetime {
  /** Allocated once, with the step, and reused: no allocation per step, the largest peak. */
  PERSISTENT,
  /**
   * The default: allocated after the MLE backward pass and released when the update is applied, so the backward's
   * activations and the search buffers never occupy memory at the same time: the step's peak is the larger
   * of the two instead of their sum (at 124M parameters, batch 8, K = 4 on a 2-core VM: peak RSS 3.75 GB
   * instead of 4.50 GB). The price is an allocation of one or two parameter-sized buffers per step; the
   * allocator mostly reuses the memory freed the step before, and no step was measurably slower, with or
   * without transparent huge pages. Replicas ({@link MgsConfig#candidateReplicas()}) stay allocated either
   * way.
   */
  PER_STEP
}
