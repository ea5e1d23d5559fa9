package io.github.mgs4j.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.github.mgs4j.core.model.RowBlocks;
import io.github.mgs4j.core.model.TrainableParameters;
import java.util.List;

/**
 * Draws one candidate direction ε = Δ_k from its mixture component and adds it to θ <em>in place</em>, one
 * weight tensor at a time and, for large tensors, one block of rows at a time, so no copy of the model is
 * ever made and the transient noise never exceeds {@link #CHUNK_ELEMENTS} floats. Along the way it records
 * the candidate's {@link CandidateStatistics} for the proposal density. The random numbers come from the
 * engine's global generator, which the caller seeds per (step, candidate); the block layout is fixed by the
 * tensor shapes, so the stream is reproducible.
 */
final class CandidateSampler {
  /** The largest number of noise elements alive at once (512 KiB of float32). */
  static final long CHUNK_ELEMENTS = RowBlocks.DEFAULT_BLOCK_ELEMENTS;

  private CandidateSampler() {}

  /**
   * Perturbs θ ← θ + ε with {@code ε_w = σ_w·n_w (+ g_w if fromMle)}, where {@code g = −∇L} is the clipped MLE
   * gradient negated and {@code n_w ~ N(0, I)}.
   *
   * @param parameters the live parameters (changed in place)
   * @param gradients ∇L per tensor (clipped), unchanged
   * @param sigmas σ_w per tensor
   * @param centreSquared g_w·g_w per tensor
   * @param fromMle whether the candidate comes from the MLE component
   * @param scope the manager for the transient noise arrays
   * @return the candidate's statistics
   */
  static CandidateStatistics perturb(
      TrainableParameters parameters,
      List<NDArray> gradients,
      double[] sigmas,
      double[] centreSquared,
      boolean fromMle,
      NDManager scope) {
    return perturb(parameters, gradients, sigmas, centreSquared, fromMle, scope, CHUNK_ELEMENTS);
  }

  /** As {@link #perturb(TrainableParameters, List, double[], double[], boolean, NDManager)}, with a block size. */
  static CandidateStatistics perturb(
      TrainableParameters parameters,
      List<NDArray> gradients,
      double[] sigmas,
      double[] centreSquared,
      boolean fromMle,
      NDManager scope,
      long chunkElements) {
    int count = parameters.count();
    double[] epsilonSquared = new double[count];
    double[] epsilonDotCentre = new double[count];
    for (int w = 0; w < count; w++) {
      if (sigmas[w] == 0 && !fromMle) {
        continue;
      }
      NDArray theta = parameters.array(w);
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
                    ? local.randomNormal(0f, (float) sigmas[w], target.getShape(), DataType.FLOAT32, theta.getDevice())
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
    return new CandidateStatistics(parameters.sizes(), sigmas, epsilonSquared, epsilonDotCentre, centreSquared);
  }

  /**
   * Draws again the noise part {@code σ_w·n_w} of the candidate whose seed the caller has just set again, in
   * the layout {@link #perturb} drew it in (the same tensors, blocks and calls, so the engine's generator
   * yields the same {@code n_w}), and subtracts {@code weight · σ_w·n_w} from {@code into} in place. The
   * product is drawn directly as {@code N(0, (weight·σ_w)²)}: the same standard normals, scaled once.
   *
   * @param into per tensor, the arrays to subtract from (the parameters' shapes)
   * @param sigmas σ_w per tensor, as passed to {@link #perturb}
   * @param weight the candidate's normalised weight, &gt; 0
   * @param scope the manager for the transient noise blocks
   */
  static void subtractNoise(List<NDArray> into, double[] sigmas, double weight, NDManager scope) {
    for (int w = 0; w < into.size(); w++) {
      if (sigmas[w] == 0) {
        continue;
      }
      NDArray whole = into.get(w);
      for (NDIndex block : RowBlocks.of(whole.getShape(), CHUNK_ELEMENTS)) {
        try (NDManager local = scope.newSubManager()) {
          NDArray target = block == null ? whole : whole.get(local, block);
          target.subi(
              local.randomNormal(
                  0f, (float) (weight * sigmas[w]), target.getShape(), DataType.FLOAT32, whole.getDevice()));
        }
      }
    }
  }
}
