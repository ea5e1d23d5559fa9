package io.github.mgs4j.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.model.RowBlocks;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.rng.GaussianNoise;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws one candidate direction ε = Δ_k from its mixture component and adds it to θ <em>in place</em>, one
 * weight tensor at a time and, for large tensors, one block of rows at a time, so no copy of the model is
 * ever made and the noise lives in two reusable host blocks of {@link #CHUNK_ELEMENTS} floats. Along the way it records
 * the candidate's {@link CandidateStatistics} for the proposal density. The standard normals come from a
 * {@link GaussianNoise} pass seeded per (step, candidate), keyed by tensor and block, so they do not depend on
 * the engine, the device or anything else that draws random numbers, and can be drawn again exactly.
 */
final class CandidateSampler {
  /** The largest number of noise elements alive at once (512 KiB of float32). */
  static final long CHUNK_ELEMENTS = RowBlocks.DEFAULT_BLOCK_ELEMENTS;

  private CandidateSampler() {}

  /**
   * Perturbs θ ← θ + ε with {@code ε_w = σ_w·n_w (+ g_w if fromMle)}, where {@code g = −∇L} is the clipped MLE
   * gradient negated and {@code n_w ~ N(0, I)} comes from the candidate's {@code noise} pass.
   *
   * @param parameters the live parameters (changed in place)
   * @param gradients ∇L per tensor (clipped), unchanged
   * @param sigmas σ_w per tensor
   * @param centreSquared g_w·g_w per tensor
   * @param fromMle whether the candidate comes from the MLE component
   * @param noise the noise generator and the candidate's seed
   * @param scope the manager for the transient arrays
   * @return the candidate's statistics
   */
  static CandidateStatistics perturb(
      TrainableParameters parameters,
      List<NDArray> gradients,
      double[] sigmas,
      double[] centreSquared,
      boolean fromMle,
      SeededNoise noise,
      NDManager scope) {
    return perturb(parameters, gradients, sigmas, centreSquared, fromMle, noise, scope, CHUNK_ELEMENTS);
  }

  /**
   * As {@link #perturb(TrainableParameters, List, double[], double[], boolean, SeededNoise, NDManager)}, with a
   * block size.
   */
  static CandidateStatistics perturb(
      TrainableParameters parameters,
      List<NDArray> gradients,
      double[] sigmas,
      double[] centreSquared,
      boolean fromMle,
      SeededNoise noise,
      NDManager scope,
      long chunkElements) {
    int count = parameters.count();
    double[] epsilonSquared = new double[count];
    double[] epsilonDotCentre = new double[count];
    try (GaussianNoise.Pass pass = noise.pass(parameters.arrays(), sigmas, chunkElements)) {
      for (int w = 0; w < count; w++) {
        NDArray theta = parameters.array(w);
        if ((sigmas[w] == 0 && !fromMle) || theta.size() == 0) {
          continue;
        }
        // The per-block dot products stay on the device and come back in one read per tensor: a host read per
        // block (two per block, ~1,000 blocks at 124M parameters) cost more than the arithmetic.
        try (NDManager tensorScope = scope.newSubManager()) {
          NDList squares = new NDList();
          NDList crosses = new NDList();
          for (NDIndex block : RowBlocks.of(theta.getShape(), chunkElements)) {
            try (NDManager local = tensorScope.newSubManager()) {
              NDArray target = block == null ? theta : theta.get(local, block);
              NDArray gradient = block == null ? gradients.get(w) : gradients.get(w).get(local, block);
              NDArray epsilon =
                  sigmas[w] > 0
                      ? pass.next(local, target.getShape())
                      : local.zeros(target.getShape(), DataType.FLOAT32, theta.getDevice());
              if (fromMle) {
                epsilon.subi(gradient);
              }
              NDArray flatEpsilon = epsilon.reshape(-1);
              NDArray flatGradient = gradient.reshape(-1);
              flatGradient.attach(local);
              NDArray square = flatEpsilon.dot(flatEpsilon);
              NDArray cross = flatEpsilon.dot(flatGradient);
              square.attach(tensorScope);
              cross.attach(tensorScope);
              squares.add(square);
              crosses.add(cross);
              target.addi(epsilon);
            }
          }
          for (float v : NDArrays.stack(squares).toFloatArray()) {
            epsilonSquared[w] += v;
          }
          for (float v : NDArrays.stack(crosses).toFloatArray()) {
            epsilonDotCentre[w] -= v;
          }
        }
      }
    }
    return new CandidateStatistics(parameters.sizes(), sigmas, epsilonSquared, epsilonDotCentre, centreSquared);
  }

  /**
   * Draws again the noise part {@code σ_w·n_w} of a candidate (the same pass of the same seed, so the same
   * {@code n_w}) and subtracts {@code weight · σ_w·n_w} from {@code into} in place. The product is drawn
   * directly as {@code (weight·σ_w)·n_w}: the same standard normals, scaled once.
   *
   * @param into per tensor, the arrays to subtract from (the parameters' shapes)
   * @param sigmas σ_w per tensor, as passed to {@link #perturb}
   * @param weight the candidate's normalised weight, &gt; 0
   * @param noise the noise generator and the candidate's seed
   * @param scope the manager for the transient arrays
   */
  static void subtractNoise(List<NDArray> into, double[] sigmas, double weight, SeededNoise noise, NDManager scope) {
    double[] scales = new double[sigmas.length];
    for (int w = 0; w < scales.length; w++) {
      scales[w] = weight * sigmas[w];
    }
    try (GaussianNoise.Pass pass = noise.pass(into, scales, CHUNK_ELEMENTS)) {
      for (int w = 0; w < into.size(); w++) {
        NDArray whole = into.get(w);
        if (sigmas[w] == 0 || whole.size() == 0) {
          continue;
        }
        for (NDIndex block : RowBlocks.of(whole.getShape(), CHUNK_ELEMENTS)) {
          try (NDManager local = scope.newSubManager()) {
            NDArray target = block == null ? whole : whole.get(local, block);
            target.subi(pass.next(local, target.getShape()));
          }
        }
      }
    }
  }

  /**
   * A noise generator with a candidate's seed.
   *
   * @param generator the generator (its background thread and buffers)
   * @param seed the candidate's seed
   */
  record SeededNoise(GaussianNoise generator, long seed) {
    /**
     * Starts the pass that draws {@code scales[w]·n_w} for every tensor with a non-zero scale, in row blocks of
     * at most {@code chunkElements}.
     */
    GaussianNoise.Pass pass(List<NDArray> tensors, double[] scales, long chunkElements) {
      List<Shape> shapes = new ArrayList<>(tensors.size());
      for (NDArray t : tensors) {
        shapes.add(t.getShape());
      }
      return generator.pass(seed, GaussianNoise.rowBlocks(shapes, scales, chunkElements));
    }
  }
}
