package io.github.mgs4j.core.optim;

import ai.djl.ndarray.NDArray;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.FlatBlocks;
import io.github.mgs4j.core.runtime.HostViews;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Global L2-norm clipping, as {@code torch.nn.utils.clip_grad_norm_}: when the norm exceeds {@code maxNorm}
 * every array is scaled in place by {@code maxNorm / (norm + 1e-6)}.
 *
 * <p>{@link #clipAndMeasure} has two executions. On the engine, native calls per array (a dot product and an L1
 * norm, each read back to the host, and the scaling). On {@link HostViews} of CPU arrays, Java passes over
 * blocks on a {@link BlockWorkers} team: one that sums |g| and g² per block in double (combined in block
 * order, so the sums do not depend on the thread count), and, only when clipping, one that scales; the sums
 * after clipping are the sums before it times the factor (its square), which agrees with summing the scaled
 * floats to float32 rounding. The engine's sums are float32 reductions, so the two executions agree to float32
 * rounding, not bit for bit.
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
    double norm = globalNorm(arrays);
    double coefficient = coefficient(norm, maxNorm);
    if (coefficient < 1) {
      for (NDArray a : arrays) {
        a.muli((float) coefficient);
      }
    }
    return norm;
  }

  /**
   * Clips the arrays in place to a global L2 norm of at most {@code maxNorm} and measures each array after
   * clipping: on the host when {@code views} are given, else on the engine.
   *
   * @param arrays the arrays
   * @param views in-place host views of the arrays (writes must reach the arrays), or null for the engine
   * @param maxNorm the maximum norm, &gt; 0
   * @param workers the team for the host passes
   * @param blockElements the largest block of a host pass
   * @return the norm before clipping and each array's Σ|g| and Σg² after it
   * @throws NonFiniteGradientException if the norm is NaN or infinite (the arrays are left untouched)
   */
  public static ClippedNorms clipAndMeasure(
      List<NDArray> arrays, List<FloatBuffer> views, double maxNorm, BlockWorkers workers, long blockElements) {
    if (views == null) {
      double norm = clipInPlace(arrays, maxNorm);
      double[] absolute = new double[arrays.size()];
      double[] squares = new double[arrays.size()];
      for (int w = 0; w < arrays.size(); w++) {
        try (NDArray flat = arrays.get(w).reshape(-1);
            NDArray l1 = flat.norm(1, new int[] {0}, false);
            NDArray dot = flat.dot(flat)) {
          absolute[w] = l1.getFloat();
          squares[w] = dot.getFloat();
        }
      }
      return new ClippedNorms(norm, absolute, squares);
    }
    if (views.size() != arrays.size()) {
      throw new IllegalArgumentException(views.size() + " views for " + arrays.size() + " arrays");
    }
    List<FlatBlocks.Block> blocks = FlatBlocks.of(views, blockElements);
    double[][] sums = hostSums(views, blocks, workers);
    double norm = Math.sqrt(total(sums[1]));
    double coefficient = coefficient(norm, maxNorm);
    double[] absolute = perArray(sums[0], blocks, views.size());
    double[] squares = perArray(sums[1], blocks, views.size());
    if (coefficient < 1) {
      float factor = (float) coefficient;
      hostScale(views, blocks, factor, workers);
      for (int w = 0; w < absolute.length; w++) {
        absolute[w] *= factor;
        squares[w] *= (double) factor * factor;
      }
    }
    return new ClippedNorms(norm, absolute, squares);
  }

  /** The clipping factor for a norm; throws when the norm is not finite. */
  private static double coefficient(double norm, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
    }
    if (!Double.isFinite(norm)) {
      throw new NonFiniteGradientException("gradient norm is " + norm);
    }
    return maxNorm / (norm + 1e-6);
  }

  /** One pass over every block: per block {Σ|x|, Σx²}, in double (four interleaved partial sums each). */
  private static double[][] hostSums(List<FloatBuffer> views, List<FlatBlocks.Block> blocks, BlockWorkers workers) {
    double[] absolute = new double[blocks.size()];
    double[] squares = new double[blocks.size()];
    workers.forEach(
        blocks.size(),
        (i, scratch) -> {
          FlatBlocks.Block b = blocks.get(i);
          int n = b.length();
          float[] x = b.read(views, scratch.floats(0, n));
          double a0 = 0;
          double a1 = 0;
          double a2 = 0;
          double a3 = 0;
          double q0 = 0;
          double q1 = 0;
          double q2 = 0;
          double q3 = 0;
          int j = 0;
          for (; j + 3 < n; j += 4) {
            double x0 = x[j];
            double x1 = x[j + 1];
            double x2 = x[j + 2];
            double x3 = x[j + 3];
            a0 += Math.abs(x0);
            a1 += Math.abs(x1);
            a2 += Math.abs(x2);
            a3 += Math.abs(x3);
            q0 += x0 * x0;
            q1 += x1 * x1;
            q2 += x2 * x2;
            q3 += x3 * x3;
          }
          for (; j < n; j++) {
            double x0 = x[j];
            a0 += Math.abs(x0);
            q0 += x0 * x0;
          }
          absolute[i] = (a0 + a1) + (a2 + a3);
          squares[i] = (q0 + q1) + (q2 + q3);
        });
    return new double[][] {absolute, squares};
  }

  /**
   * Multiplies every element of host views by {@code factor} in place, block by block on a team (the float
   * multiply of the engine's {@code muli}, so the result is the same bit for bit).
   *
   * @param views the views, written in place
   * @param factor the factor
   * @param workers the team
   * @param blockElements the largest block
   */
  public static void scaleInPlace(List<FloatBuffer> views, float factor, BlockWorkers workers, long blockElements) {
    hostScale(views, FlatBlocks.of(views, blockElements), factor, workers);
  }

  private static void hostScale(
      List<FloatBuffer> views, List<FlatBlocks.Block> blocks, float factor, BlockWorkers workers) {
    workers.forEach(
        blocks.size(),
        (i, scratch) -> {
          FlatBlocks.Block b = blocks.get(i);
          float[] x = b.read(views, scratch.floats(0, b.length()));
          for (int j = 0; j < b.length(); j++) {
            x[j] *= factor;
          }
          b.write(views, x);
        });
  }

  private static double total(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum;
  }

  private static double[] perArray(double[] perBlock, List<FlatBlocks.Block> blocks, int arrays) {
    double[] sums = new double[arrays];
    for (int i = 0; i < blocks.size(); i++) {
      sums[blocks.get(i).array()] += perBlock[i];
    }
    return sums;
  }

  /**
   * The outcome of {@link #clipAndMeasure}.
   *
   * @param norm the global L2 norm before clipping
   * @param absoluteSums per array, Σ|x| after clipping
   * @param squaredSums per array, Σx² after clipping
   */
  public record ClippedNorms(double norm, double[] absoluteSums, double[] squaredSums) {}
}
