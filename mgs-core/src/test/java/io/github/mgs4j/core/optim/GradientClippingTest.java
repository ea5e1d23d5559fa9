package io.github.mgs4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.HostViews;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import io.github.mgs4j.core.runtime.ParameterVector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GradientClippingTest {
  private static final List<Shape> SHAPES = List.of(new Shape(70, 13), new Shape(13), new Shape(4, 3, 5));

  @ParameterizedTest(name = "max norm {0}")
  @ValueSource(doubles = {0.5, 1e6})
  void theHostPassesAgreeWithTheEngineAndWithTheDefinition(double maxNorm) {
    try (NDManager m = NDManager.newBaseManager();
        BlockWorkers workers = new BlockWorkers(2)) {
      List<NDArray> onHost = random(m, 3f);
      List<NDArray> onEngine = copies(onHost);
      List<float[]> original = new ArrayList<>();
      onHost.forEach(a -> original.add(a.toFloatArray()));
      double[] expectedAbsolute = new double[SHAPES.size()];
      double[] expectedSquares = new double[SHAPES.size()];
      double total = 0;
      for (int w = 0; w < SHAPES.size(); w++) {
        for (float x : onHost.get(w).toFloatArray()) {
          total += (double) x * x;
        }
      }
      double norm = Math.sqrt(total);
      double coefficient = Math.min(1, maxNorm / (norm + 1e-6));
      for (int w = 0; w < SHAPES.size(); w++) {
        for (float x : onHost.get(w).toFloatArray()) {
          expectedAbsolute[w] += Math.abs(x * coefficient);
          expectedSquares[w] += x * coefficient * x * coefficient;
        }
      }
      assertNotNull(HostViews.of(onHost, true), "the host can write these arrays in place");
      ParameterArithmetic.ClippedNorms host = GradientClipping.clipAndMeasure(
          ParameterArithmetic.onHost(workers, 100), ParameterVector.of(onHost), maxNorm);
      ParameterArithmetic.ClippedNorms engine = GradientClipping.clipAndMeasure(
          ParameterArithmetic.onEngine(100), ParameterVector.of(onEngine), maxNorm);
      assertEquals(norm, host.norm(), 1e-9 * norm);
      assertEquals(norm, engine.norm(), 1e-5 * norm);
      for (int w = 0; w < SHAPES.size(); w++) {
        assertEquals(expectedAbsolute[w], host.absoluteSums()[w], 1e-6 * expectedAbsolute[w], "Σ|g| of " + w);
        assertEquals(expectedSquares[w], host.squaredSums()[w], 1e-6 * expectedSquares[w], "Σg² of " + w);
        assertEquals(expectedAbsolute[w], engine.absoluteSums()[w], 1e-5 * expectedAbsolute[w], "Σ|g| of " + w);
        assertEquals(expectedSquares[w], engine.squaredSums()[w], 1e-5 * expectedSquares[w], "Σg² of " + w);
        // The host scaled the arrays themselves, each element by the float coefficient of its own norm.
        float[] scaled = original.get(w);
        float factor = (float) (maxNorm / (host.norm() + 1e-6));
        for (int j = 0; j < scaled.length; j++) {
          scaled[j] = factor < 1 ? scaled[j] * factor : scaled[j];
        }
        assertArrayEquals(scaled, onHost.get(w).toFloatArray(), "array " + w);
      }
      double clippedSquares = 0;
      for (double s : host.squaredSums()) {
        clippedSquares += s;
      }
      assertEquals(Math.min(norm, maxNorm), Math.sqrt(clippedSquares), 1e-5 * Math.min(norm, maxNorm));
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 3})
  void theHostSumsDoNotDependOnTheThreadCount(int threads) {
    try (NDManager m = NDManager.newBaseManager();
        BlockWorkers one = new BlockWorkers(1);
        BlockWorkers many = new BlockWorkers(threads)) {
      List<NDArray> a = random(m, 2f);
      List<NDArray> b = copies(a);
      ParameterArithmetic.ClippedNorms x = GradientClipping.clipAndMeasure(ParameterArithmetic.onHost(one, 37), ParameterVector.of(a), 1.0);
      ParameterArithmetic.ClippedNorms y = GradientClipping.clipAndMeasure(ParameterArithmetic.onHost(many, 37), ParameterVector.of(b), 1.0);
      assertEquals(x.norm(), y.norm());
      assertArrayEquals(x.absoluteSums(), y.absoluteSums());
      assertArrayEquals(x.squaredSums(), y.squaredSums());
    }
  }

  @ParameterizedTest(name = "host {0}")
  @ValueSource(booleans = {true, false})
  void aNonFiniteGradientIsRejectedAndLeftUntouched(boolean host) {
    try (NDManager m = NDManager.newBaseManager();
        BlockWorkers workers = new BlockWorkers(2)) {
      List<NDArray> arrays = random(m, 1f);
      arrays.get(2).set(new NDIndex("1, 2, 3"), Float.NaN);
      float[] before = arrays.get(0).toFloatArray();
      ParameterArithmetic arithmetic =
          host ? ParameterArithmetic.onHost(workers, 64) : ParameterArithmetic.onEngine(64);
      NonFiniteGradientException e =
          assertThrows(
              NonFiniteGradientException.class,
              () -> GradientClipping.clipAndMeasure(arithmetic, ParameterVector.of(arrays), 1e-3));
      assertTrue(e.getMessage().startsWith("gradient norm is NaN"), e.getMessage());
      assertArrayEquals(before, arrays.get(0).toFloatArray());
    }
  }

  private static List<NDArray> random(NDManager m, float scale) {
    List<NDArray> arrays = new ArrayList<>();
    for (Shape s : SHAPES) {
      arrays.add(m.randomNormal(s).muli(scale));
    }
    return arrays;
  }

  private static List<NDArray> copies(List<NDArray> arrays) {
    List<NDArray> out = new ArrayList<>();
    for (NDArray a : arrays) {
      out.add(a.duplicate());
    }
    return out;
  }
}
