package io.github.mgs4j.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.rng.GaussianNoise;
import java.util.List;

/**
 * Perturbations and regenerations as engine operations on views, for parameters the host cannot write in place
 * (a GPU's, or any the engine does not expose): the noise comes from a {@link GaussianNoise} pass, block by
 * block, one block ahead on its background thread, and every block is applied with in-place array operations.
 */
final class DevicePerturbation implements AutoCloseable {
  /** Created on first use: on CPU the host path does all the work and this background thread never starts. */
  private GaussianNoise noise;

  private GaussianNoise noise() {
    if (noise == null) {
      noise = new GaussianNoise();
    }
    return noise;
  }

  /**
   * θ ← θ + ε along a plan, ε = σ·n (− ∇L for an MLE candidate); ε·ε and ε·g per tensor are reduced on the
   * device and read once per tensor (a host read per block cost more than the arithmetic).
   *
   * @return per tensor: {ε·ε, ε·g} with g = −∇L
   */
  double[][] perturb(
      TrainableParameters target,
      List<NDArray> gradients,
      NoisePlan plan,
      boolean fromMle,
      long seed,
      NDManager scope) {
    int count = target.count();
    double[] epsilonSquared = new double[count];
    double[] epsilonDotCentre = new double[count];
    List<NoisePlan.Segment> segments = plan.segments();
    try (GaussianNoise.Pass pass = noise().pass(seed, plan.noiseBlocks())) {
      int i = 0;
      while (i < segments.size()) {
        int w = segments.get(i).tensor();
        NDArray theta = target.array(w);
        try (NDManager tensorScope = scope.newSubManager()) {
          NDList squares = new NDList();
          NDList crosses = new NDList();
          for (; i < segments.size() && segments.get(i).tensor() == w; i++) {
            NoisePlan.Segment segment = segments.get(i);
            try (NDManager local = tensorScope.newSubManager()) {
              NDArray block = segment.view() == null ? theta : theta.get(local, segment.view());
              NDArray gradient =
                  segment.view() == null ? gradients.get(w) : gradients.get(w).get(local, segment.view());
              NDArray epsilon =
                  segment.noise() != null
                      ? pass.next(local, block.getShape())
                      : local.zeros(block.getShape(), DataType.FLOAT32, theta.getDevice());
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
              block.addi(epsilon);
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
    return new double[][] {epsilonSquared, epsilonDotCentre};
  }

  /**
   * Subtracts one candidate's regenerated noise, drawn with {@code plan}'s scales ({@code w̃_k·σ}), from the
   * arrays in place.
   */
  void subtractNoise(List<NDArray> into, NoisePlan plan, long seed, NDManager scope) {
    try (GaussianNoise.Pass pass = noise().pass(seed, plan.noiseBlocks())) {
      for (NoisePlan.Segment segment : plan.segments()) {
        try (NDManager local = scope.newSubManager()) {
          NDArray whole = into.get(segment.tensor());
          NDArray target = segment.view() == null ? whole : whole.get(local, segment.view());
          target.subi(pass.next(local, target.getShape()));
        }
      }
    }
  }

  @Override
  public void close() {
    if (noise != null) {
      noise.close();
    }
  }
}
