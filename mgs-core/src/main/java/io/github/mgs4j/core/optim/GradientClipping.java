package io.github.mgs4j.core.optim;

import ai.djl.ndarray.NDArray;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import io.github.mgs4j.core.runtime.ParameterArithmetic.ClippedNorms;
import io.github.mgs4j.core.runtime.ParameterVector;
import java.util.List;

/**
 * Global L2-norm clipping, as {@code torch.nn.utils.clip_grad_norm_}: when the norm exceeds {@code maxNorm}
 * every array is scaled in place by {@code maxNorm / (norm + 1e-6)}. A norm that is not finite is an error,
 * and the arrays are then left untouched.
 */
public final class GradientClipping {
  private GradientClipping() {}

  /** The global L2 norm of the arrays, accumulated in double. */
  public static double globalNorm(List<NDArray> arrays) {
    double sum = 0;
    for (NDArray a : arrays) {
      try (NDArray flat = a.reshape(-1);
          NDArray dot = flat.dot(flat)) {
        sum += dot.getFloat();
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * Clips the arrays in place to a global L2 norm of at most {@code maxNorm}, with engine operations.
   *
   * @param arrays the arrays (gradients or an update direction)
   * @param maxNorm the maximum norm, &gt; 0
   * @return the norm before clipping
   * @throws NonFiniteGradientException if the norm is NaN or infinite (the arrays are left untouched)
   */
  public static double clipInPlace(List<NDArray> arrays, double maxNorm) {
    requirePositive(maxNorm);
    double norm = requireFinite(globalNorm(arrays));
    double coefficient = maxNorm / (norm + 1e-6);
    if (coefficient < 1) {
      for (NDArray a : arrays) {
        a.muli((float) coefficient);
      }
    }
    return norm;
  }

  /**
   * Clips a parameter vector in place to a global L2 norm of at most {@code maxNorm} and measures every tensor
   * after clipping (see {@link ParameterArithmetic#clipAndMeasure}).
   *
   * @param arithmetic how the passes run
   * @param vector the vector, scaled in place
   * @param maxNorm the maximum norm, &gt; 0
   * @return the norm before clipping and each tensor's Σ|g| and Σg² after it
   * @throws NonFiniteGradientException if the norm is NaN or infinite (the vector is left untouched)
   */
  public static ClippedNorms clipAndMeasure(ParameterArithmetic arithmetic, ParameterVector vector, double maxNorm) {
    requirePositive(maxNorm);
    ClippedNorms norms = arithmetic.clipAndMeasure(vector, maxNorm);
    requireFinite(norms.norm());
    return norms;
  }

  private static void requirePositive(double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
    }
  }

  private static double requireFinite(double norm) {
    if (!Double.isFinite(norm)) {
      throw new NonFiniteGradientException("gradient norm is " + norm);
    }
    return norm;
  }
}
