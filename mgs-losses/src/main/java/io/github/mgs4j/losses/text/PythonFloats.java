package io.github.mgs4j.losses.text;

/**
 * Python float operations the scorers reproduce exactly: {@code math.fsum} (Shewchuk's exact partial sums,
 * then the correctly rounded total, as CPython computes it) and C {@code pow} for a whole exponent 3, which
 * glibc rounds correctly. Stateless.
 */
public final class PythonFloats {
  private PythonFloats() {}

  /** {@code math.fsum(values[0:n])} for finite values: the exact sum, rounded once (half to even). */
  public static double fsum(double[] values, int n) {
    double[] partials = new double[n + 1];
    int count = 0;
    for (int k = 0; k < n; k++) {
      double x = values[k];
      int i = 0;
      for (int j = 0; j < count; j++) {
        double y = partials[j];
        if (Math.abs(x) < Math.abs(y)) {
          double t = x;
          x = y;
          y = t;
        }
        double hi = x + y;
        double lo = y - (hi - x);
        if (lo != 0.0) {
          partials[i++] = lo;
        }
        x = hi;
      }
      count = i;
      if (x != 0.0) {
        partials[count++] = x;
      }
    }
    if (count == 0) {
      return 0.0;
    }
    double hi = partials[--count];
    double lo = 0.0;
    while (count > 0) {
      double x = hi;
      double y = partials[--count];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0.0) {
        break;
      }
    }
    if (count > 0 && ((lo < 0.0 && partials[count - 1] < 0.0) || (lo > 0.0 && partials[count - 1] > 0.0))) {
      double y = lo * 2.0;
      double x = hi + y;
      if (y == x - hi) {
        hi = x;
      }
    }
    return hi;
  }

  /**
   * {@code x ** 3} correctly rounded, as glibc's {@code pow} gives it, for finite x whose cube neither
   * overflows nor underflows: the exact cube is split into four doubles with fused multiply-adds and summed
   * exactly by {@link #fsum}.
   */
  public static double cube(double x) {
    double square = x * x;
    double squareError = Math.fma(x, x, -square);
    double high = square * x;
    double highError = Math.fma(square, x, -high);
    double low = squareError * x;
    double lowError = Math.fma(squareError, x, -low);
    return fsum(new double[] {high, highError, low, lowError}, 4);
  }
}
