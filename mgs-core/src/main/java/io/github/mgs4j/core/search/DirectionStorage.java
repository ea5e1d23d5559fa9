package io.github.mgs4j.core.search;

/**
 * How an MGS step builds the update direction {@code Σ w̃_k Δ_k}: the choice trades one parameter-sized
 * buffer against K extra noise draws per step.
 */
public enum DirectionStorage {
  /**
   * The default: each candidate is folded into a parameter-sized accumulator as soon as its loss is known
   * (online log-sum-exp rescaling), reading Δ_k as the perturbation actually applied to the float32
   * parameters. Memory beyond parameters, gradients and optimizer state: two parameter-sized buffers in
   * place (snapshot + accumulator), R + 1 with R replicas.
   */
  ACCUMULATOR,
  /**
   * No accumulator: after all K candidates are weighted, each Δ_k is drawn again from its own seed (its
   * {@link io.github.mgs4j.core.rng.GaussianNoise} pass reproduces it exactly) and summed into the gradient
   * storage, which the MLE gradient no longer needs by then. Memory: one parameter-sized buffer in place (the
   * snapshot), R with R replicas; cost: K more noise draws per step. The update equals
   * {@link #ACCUMULATOR}'s up to float rounding (Δ_k is the drawn direction rather than the one rounded into
   * the parameters).
   */
  REGENERATED
}
