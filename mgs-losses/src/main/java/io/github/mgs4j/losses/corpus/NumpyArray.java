package io.github.mgs4j.losses.corpus;

import java.util.Arrays;

/**
 * A one-dimensional numpy array of {@code float32} or {@code float64} values with the few operations
 * sacrebleu's bootstrap applies to its scores, each rounded as numpy rounds it: element-wise differences in
 * the promoted type, {@code sum} and {@code mean} by numpy's pairwise summation (blocks of 128, eight
 * accumulators), comparisons against a Python float cast to the array's type. Immutable.
 */
final class NumpyArray {
  private static final int BLOCK = 128;

  private final double[] values;
  private final boolean float32;

  NumpyArray(double[] values, boolean float32) {
    this.values = values;
    this.float32 = float32;
  }

  int length() {
    return values.length;
  }

  /** Whether the values are {@code float32}. */
  boolean isFloat32() {
    return float32;
  }

  double get(int i) {
    return values[i];
  }

  /** {@code np.sort(a)}. */
  NumpyArray sorted() {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return new NumpyArray(copy, float32);
  }

  /** {@code a - b}, in {@code float32} only when both are. */
  NumpyArray minus(NumpyArray other) {
    boolean f = float32 && other.float32;
    double[] out = new double[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f ? (float) values[i] - (float) other.values[i] : values[i] - other.values[i];
    }
    return new NumpyArray(out, f);
  }

  /** {@code a - s} for a numpy scalar of this array's type. */
  NumpyArray minus(double scalar) {
    double[] out = new double[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = float32 ? (float) values[i] - (float) scalar : values[i] - scalar;
    }
    return new NumpyArray(out, float32);
  }

  /** {@code np.abs(a)}. */
  NumpyArray abs() {
    double[] out = new double[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.abs(values[i]);
    }
    return new NumpyArray(out, float32);
  }

  /** {@code a.mean()}: the pairwise sum divided by the length, in the array's type. */
  double mean() {
    if (float32) {
      return (float) (0f + (float) pairwise(0, values.length)) / (float) values.length;
    }
    return (0.0 + pairwise(0, values.length)) / values.length;
  }

  /** {@code np.sum(a > x)} with the Python float {@code x} cast to the array's type. */
  int countGreater(double x) {
    int count = 0;
    for (double v : values) {
      if (float32 ? (float) v > (float) x : v > x) {
        count++;
      }
    }
    return count;
  }

  /** numpy's {@code pairwise_sum} over {@code values[from, from + n)}, rounded to the array's type. */
  private double pairwise(int from, int n) {
    if (n < 8) {
      double res = -0.0;
      for (int i = 0; i < n; i++) {
        res = round(res + values[from + i]);
      }
      return res;
    }
    if (n <= BLOCK) {
      double[] r = new double[8];
      for (int k = 0; k < 8; k++) {
        r[k] = values[from + k];
      }
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int k = 0; k < 8; k++) {
          r[k] = round(r[k] + values[from + i + k]);
        }
      }
      double res = round(round(round(r[0] + r[1]) + round(r[2] + r[3]))
          + round(round(r[4] + r[5]) + round(r[6] + r[7])));
      for (; i < n; i++) {
        res = round(res + values[from + i]);
      }
      return res;
    }
    int half = n / 2;
    half -= half % 8;
    return round(pairwise(from, half) + pairwise(from + half, n - half));
  }

  /**
   * Rounds a sum of two values of this array's type to that type. For {@code float32} operands the double sum
   * is exact (a float has 24 significant bits), so rounding it once gives the {@code float32} sum.
   */
  private double round(double x) {
    return float32 ? (float) x : x;
  }
}
