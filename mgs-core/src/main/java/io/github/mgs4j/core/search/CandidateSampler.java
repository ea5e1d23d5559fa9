package io.github.mgs4j.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.RowBlocks;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.HostViews;
import java.nio.FloatBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws one candidate direction ε = Δ_k from its mixture component and adds it to θ <em>in place</em>, one
 * weight tensor at a time and, for large tensors, one block of rows at a time ({@link NoisePlan}), so no copy
 * of the model is ever made; along the way it records the candidate's {@link CandidateStatistics} for the
 * proposal density. It also draws the candidates again, for {@link DirectionStorage#REGENERATED} updates.
 *
 * <p>The standard normals of block b of tensor t come from their own stream, seeded by (candidate seed, t, b)
 * ({@link io.github.mgs4j.core.rng.GaussianNoise}), so they do not depend on the engine, the device, the
 * thread count or anything else that draws random numbers, and can be drawn again exactly. Two executions of
 * the same arithmetic: on CPU, Java writes the parameters through {@link HostViews} on a {@link BlockWorkers}
 * team ({@link HostPerturbation}: one fused pass per block, all cores drawing); elsewhere, engine operations
 * on views ({@link DevicePerturbation}). Both give bit-identical parameters.
 */
final class CandidateSampler implements AutoCloseable {
  /** The largest block of noise (512 KiB of float32). */
  static final long CHUNK_ELEMENTS = RowBlocks.DEFAULT_BLOCK_ELEMENTS;

  private final long blockElements;
  private final DevicePerturbation device = new DevicePerturbation();
  private final BlockWorkers workers;
  private final HostPerturbation host;
  /** Per perturbed parameter set (live or a replica's): whether the host can write it in place. */
  private final Map<TrainableParameters, Boolean> hostWritable = new IdentityHashMap<>();
  /** Whether the host can write the gradient arrays in place; null until first probed. */
  private Boolean gradientsHostWritable;

  /**
   * Creates a sampler.
   *
   * @param blockElements the largest block of noise
   * @param workers the team that perturbs CPU parameters from Java (owned: closed with the sampler), or null
   *     to run every perturbation as engine operations
   */
  CandidateSampler(long blockElements, BlockWorkers workers) {
    this.blockElements = blockElements;
    this.workers = workers;
    this.host = workers == null ? null : new HostPerturbation(workers);
  }

  /**
   * Perturbs θ ← θ + ε with {@code ε_w = σ_w·n_w (+ g_w if fromMle)}, where {@code g = −∇L} is the clipped MLE
   * gradient negated and {@code n_w ~ N(0, I)} comes from the candidate's seed.
   *
   * @param target the parameters to perturb (the live ones or a replica's), changed in place
   * @param gradients ∇L per tensor (clipped), unchanged
   * @param sigmas σ_w per tensor
   * @param centreSquared g_w·g_w per tensor
   * @param fromMle whether the candidate comes from the MLE component
   * @param seed the candidate's noise seed
   * @param scope the manager for the transient arrays
   * @return the candidate's statistics
   */
  CandidateStatistics perturb(
      TrainableParameters target,
      List<NDArray> gradients,
      double[] sigmas,
      double[] centreSquared,
      boolean fromMle,
      long seed,
      NDManager scope) {
    NoisePlan plan = NoisePlan.of(target.arrays(), sigmas, fromMle, blockElements);
    List<FloatBuffer> thetaViews = parameterViews(target);
    List<FloatBuffer> gradientViews = thetaViews == null ? null : gradientViews(gradients);
    double[][] products =
        gradientViews == null
            ? device.perturb(target, gradients, plan, fromMle, seed, scope)
            : host.perturb(thetaViews, gradientViews, plan, fromMle, seed);
    return new CandidateStatistics(target.sizes(), sigmas, products[0], products[1], centreSquared);
  }

  /**
   * {@link DirectionStorage#REGENERATED}: turns the clipped MLE gradient ∇L into the update
   * {@code share·∇L − Σ_k w̃_k·σ·n_k} in place, drawing every n_k again from its seed.
   *
   * @param gradients ∇L per tensor, overwritten with the update
   * @param sigmas σ_w per tensor, as passed to {@link #perturb}
   * @param share the MLE component's total normalised weight
   * @param weights the normalised weights w̃_k (candidates with weight 0 are not drawn)
   * @param seeds each candidate's noise seed
   * @param scope the manager for the transient arrays
   */
  void regenerate(
      List<NDArray> gradients, double[] sigmas, double share, double[] weights, long[] seeds, NDManager scope) {
    List<FloatBuffer> views = host == null ? null : gradientViews(gradients);
    if (views != null) {
      host.regenerate(views, NoisePlan.of(gradients, sigmas, true, blockElements), (float) share, weights, seeds);
      return;
    }
    for (NDArray g : gradients) {
      g.muli((float) share);
    }
    for (int c = 0; c < weights.length; c++) {
      if (weights[c] > 0) {
        double[] scales = new double[sigmas.length];
        for (int w = 0; w < scales.length; w++) {
          scales[w] = weights[c] * sigmas[w];
        }
        device.subtractNoise(gradients, NoisePlan.of(gradients, scales, false, blockElements), seeds[c], scope);
      }
    }
  }

  /**
   * In-place host views of a parameter set (the live one or a replica's), or null when the host cannot write
   * it; probed the first time each set is seen.
   */
  List<FloatBuffer> parameterViews(TrainableParameters target) {
    if (host == null || Boolean.FALSE.equals(hostWritable.get(target))) {
      return null;
    }
    boolean probe = !hostWritable.containsKey(target);
    List<FloatBuffer> views = HostViews.of(target.arrays(), probe);
    hostWritable.put(target, views != null);
    return views;
  }

  /**
   * In-place host views of the gradient arrays, or null when the host cannot write them (no team, or the
   * first set probed failed: the verdict holds for the run, since every step's gradients are alike).
   */
  List<FloatBuffer> gradientViews(List<NDArray> gradients) {
    if (host == null || Boolean.FALSE.equals(gradientsHostWritable)) {
      return null;
    }
    List<FloatBuffer> views = HostViews.of(gradients, gradientsHostWritable == null);
    gradientsHostWritable = views != null;
    return views;
  }

  @Override
  public void close() {
    device.close();
    if (workers != null) {
      workers.close();
    }
  }
}
