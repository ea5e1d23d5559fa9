package io.github.mgs4j.core.optim;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Global L2-norm clipping, as {@code torch.nn.utils.clip_grad_norm_}: when the norm exceeds {@code maxNorm}
 * every array is scaled in place by {@code maxNorm / (norm + 1e-6)}.
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
   * Clips the arrays in place to a global L2 norm of at most {@code maxNorm}.
   *
   * @param arrays the arrays (gradients or an update direction)
   * @param maxNorm the maximum norm, &gt; 0
   * @return the norm before clipping
   * @throws NonFiniteGradientException if the norm is NaN or infinite (the arrays are left untouched)
   */
  public static double clipInPlace(List<NDArray> arrays, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
    }
    double norm = globalNorm(arrays);
    if (!Double.isFinite(norm)) {
      throw new NonFiniteGradientException("gradient norm is " + norm);
    }
    double coefficient = maxNorm / (norm + 1e-6);
    if (coefficient < 1) {
      for (NDArray a : arrays) {
        a.muli((float) coefficient);
      }
    }
    return norm;
  }
}
