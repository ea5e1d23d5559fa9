package io.github.mgs4j.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.mgs4j.core.model.TrainableParameters;
import java.util.List;

/**
 * Draws one candidate direction ε = Δ_k from its mixture component and adds it to θ <em>in place</em>, one
 * weight tensor at a time, so no copy of the model is ever made. Along the way it records the candidate's
 * {@link CandidateStatistics} for the proposal density. The random numbers come from the engine's global
 * generator, which the caller seeds per (step, candidate).
 */
final class CandidateSampler {
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
    int count = parameters.count();
    double[] epsilonSquared = new double[count];
    double[] epsilonDotCentre = new double[count];
    for (int w = 0; w < count; w++) {
      NDArray theta = parameters.array(w);
      NDArray gradient = gradients.get(w);
      if (sigmas[w] == 0 && !fromMle) {
        continue;
      }
      try (NDManager local = scope.newSubManager()) {
        NDArray epsilon =
            sigmas[w] > 0
                ? local.randomNormal(0f, (float) sigmas[w], theta.getShape(), DataType.FLOAT32, theta.getDevice())
                : local.zeros(theta.getShape(), DataType.FLOAT32, theta.getDevice());
        if (fromMle) {
          epsilon.subi(gradient);
        }
        NDArray flatEpsilon = epsilon.reshape(-1);
        epsilonSquared[w] = flatEpsilon.dot(flatEpsilon).getFloat();
        epsilonDotCentre[w] = -flatEpsilon.dot(gradient.reshape(-1)).getFloat();
        theta.addi(epsilon);
      }
    }
    return new CandidateStatistics(parameters.sizes(), sigmas, epsilonSquared, epsilonDotCentre, centreSquared);
  }
}
