package io.github.mgs4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class AdamOptimizerTest {

  @Test
  void blockwiseUpdatesAreBitIdenticalToWholeTensorUpdates() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(37, 5));
      NDArray b = a.duplicate();
      AdamOptimizer whole = new AdamOptimizer(1e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, true);
      AdamOptimizer blocks = new AdamOptimizer(1e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, true, 12);
      for (int step = 0; step < 5; step++) {
        NDArray g = m.randomNormal(new Shape(37, 5));
        whole.update("w", a, g);
        blocks.update("w", b, g);
      }
      assertArrayEquals(a.toFloatArray(), b.toFloatArray());
      assertEquals(5L, blocks.stateCounters().get("t/w"));
    }
  }

  @Test
  void oneStepMatchesTheAdamWFormula() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1f, -2f, 3f, 0.5f}, new Shape(2, 2));
      NDArray g = m.create(new float[] {0.1f, -0.2f, 0f, 1f}, new Shape(2, 2));
      float lr = 0.1f;
      float wd = 0.5f;
      float[] before = w.toFloatArray();
      float[] grad = g.toFloatArray();
      new AdamOptimizer(lr, 0.9f, 0.999f, 1e-8f, wd, true).update("w", w, g);
      float[] after = w.toFloatArray();
      for (int i = 0; i < 4; i++) {
        double m1 = 0.1 * grad[i];
        double v1 = 0.001 * grad[i] * grad[i];
        double rate = lr * Math.sqrt(1 - 0.999) / (1 - 0.9);
        double decayed = before[i] - lr * wd * before[i];
        double expected = decayed - rate * m1 / (Math.sqrt(v1) + 1e-8);
        assertEquals(expected, after[i], 1e-5, "element " + i);
      }
    }
  }
}
