package io.github.mgs4j.losses.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** math.fsum and cubes: the exact result rounded once (compared with exact BigDecimal arithmetic). */
class PythonFloatsTest {

  private static double exact(double[] v, int n) {
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < n; i++) {
      sum = sum.add(new BigDecimal(v[i]));
    }
    return sum.doubleValue();
  }

  @Property(tries = 2000)
  void equalsTheExactSumRoundedOnce(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int n) {
    Random rnd = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (rnd.nextBoolean() ? -1 : 1) * rnd.nextDouble() * Math.pow(2, rnd.nextInt(120) - 60);
      if (i > 0 && rnd.nextInt(4) == 0) {
        v[i] = -v[i - 1] + Math.ulp(v[i - 1]) * (rnd.nextInt(5) - 2);
      }
    }
    assertEquals(exact(v, n), PythonFloats.fsum(v, n), 0.0);
  }

  @Test
  void pythonsOwnExamples() {
    assertEquals(1.0000000000000002e16, PythonFloats.fsum(new double[] {1e-16, 1, 1e16}, 3), 0.0);
    assertEquals(0.0, PythonFloats.fsum(new double[] {1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50}, 7) - 1e-100,
        0.0);
    assertEquals(0.0, PythonFloats.fsum(new double[0], 0), 0.0);
  }

  @Property(tries = 3000)
  void cubesAreTheExactCubeRoundedOnce(@ForAll long seed) {
    Random rnd = new Random(seed);
    double x = rnd.nextInt(3) == 0 ? (double) (1 + rnd.nextInt(200)) / (1 + rnd.nextInt(200))
        : (rnd.nextBoolean() ? -1 : 1) * rnd.nextDouble() * Math.pow(2, rnd.nextInt(200) - 100);
    assertEquals(new BigDecimal(x).pow(3).doubleValue(), PythonFloats.cube(x), 0.0, "x = " + x);
  }
}
