package io.github.mgs4j.core.search;

/**
 * How an MGS step builds the update direction {@code Σ w̃_k Δ_k}: the choice trades one parameter-sized
 * buffer against K extra noise draws per step.
 *
 * <p>Measured at 124M parameters, batch 8, K = 4 on a 2-core CPU VM (docs/performance.md): regenerated
 * directions run the step at 1.07–1.08 × its floor (K+1 decodes, one backward, K draws; 1.09–1.12 before the
 * fused perturbation and the host Adam update) with a peak of 1.82–2.04 × the parameter bytes beyond
 * parameters, gradients and optimizer state (1.84 × at K = 16); the accumulator at 1.05–1.09 × a floor
 * measured the older way (one decode × (K+1)) and 2.55 ×.
 */
public enum DirectionStorage {
  /**
   * Each candidate is folded into a parameter-sized accumulator as soon as its loss is known (online
   * log-sum-exp rescaling), reading Δ_k as the perturbation actually applied to the float32 parameters. Memory
   * beyond parameters, gradients and optimizer state: two parameter-sized buffers in place (snapshot +
   * accumulator), R + 1 with R replicas. No candidate is drawn twice.
   */
  ACCUMULATOR,
  /**
   * The default: no accumulator. After all K candidates are weighted, each Δ_k is drawn again from its own
   * seed (the same standard normals, {@link io.github.mgs4j.core.rng.GaussianNoise}) and summed into the
   * gradient storage, which the MLE gradient no longer needs by then. Memory: one parameter-sized buffer in
   * place (the snapshot), R with R replicas; cost: K more noise draws per step (on CPU, all cores drawing:
   * ≈ 0.15 s per candidate at 124M parameters). The update equals {@link #ACCUMULATOR}'s up to float rounding
   * (Δ_k is the drawn direction rather than the one rounded into the parameters).
   */
  REGENERATED
}
