package io.github.mgs4j.core.search;

/**
 * How an MGS step builds the update direction {@code Σ w̃_k Δ_k}: the choice trades one parameter-sized
 * buffer against K extra noise draws per step. The default, {@link #AUTO}, keeps the buffer for models of at
 * most 64 MiB, where it is small beside what a step holds anyway (the decodes' and the backward pass's
 * activations, the engine's own memory) and the draws are a visible share of a short step, and redraws the
 * candidates above that, where memory is what limits the model size.
 *
 * <p>Measured at 124M parameters, batch 8, K = 4 on a 2-core CPU VM (docs/performance.md): regenerated
 * directions run the step at 1.07–1.08 × its floor (K+1 decodes, one backward, K draws) with a peak of
 * 1.82–2.04 × the parameter bytes beyond parameters, gradients and optimizer state (1.84 × at K = 16); the
 * accumulator at 1.05–1.09 × a floor measured the older way (one decode × (K+1)) and 2.55 ×. On the bundled
 * 1.87M-parameter model the accumulator's noise phase is 0.012–0.014 s per step against 0.020–0.022 s, its
 * folds (one Java pass each) ≈ 3 ms more.
 */
public enum DirectionStorage {
  /**
   * Each candidate is folded into a parameter-sized accumulator as soon as its loss is known (online
   * log-sum-exp rescaling; on CPU one Java pass per block), reading Δ_k as the perturbation actually applied to
   * the float32 parameters. Memory
   * beyond parameters, gradients and optimizer state: two parameter-sized buffers in place (snapshot +
   * accumulator), R + 1 with R replicas. No candidate is drawn twice.
   */
  ACCUMULATOR,
  /**
   * No accumulator. After all K candidates are weighted, each Δ_k is drawn again from its own
   * seed (the same standard normals, {@link io.github.mgs4j.core.rng.GaussianNoise}) and summed into the
   * gradient storage, which the MLE gradient no longer needs by then. Memory: one parameter-sized buffer in
   * place (the snapshot), R with R replicas; cost: K more noise draws per step (on CPU, all cores drawing:
   * ≈ 0.15 s per candidate at 124M parameters). The update equals {@link #ACCUMULATOR}'s up to float rounding
   * (Δ_k is the drawn direction rather than the one rounded into the parameters).
   */
  REGENERATED,
  /**
   * {@link #ACCUMULATOR} when the parameters take at most {@link #AUTO_ACCUMULATOR_MAX_BYTES}, else
   * {@link #REGENERATED}.
   */
  AUTO;

  /** The largest parameter size for which {@link #AUTO} keeps an accumulator: 64 MiB (16M float32). */
  public static final long AUTO_ACCUMULATOR_MAX_BYTES = 64L << 20;

  /**
   * The storage a step uses for parameters of a given size.
   *
   * @param parameterBytes the parameters' size in bytes
   * @return this, or for {@link #AUTO} the storage chosen by size
   */
  public DirectionStorage resolve(long parameterBytes) {
    if (this != AUTO) {
      return this;
    }
    return parameterBytes <= AUTO_ACCUMULATOR_MAX_BYTES ? ACCUMULATOR : REGENERATED;
  }
}
