package io.github.mgs4j.core;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
  @Test
  void engineRuns() {
    try (NDManager m = NDManager.newBaseManager()) {
      System.out.println(m.getEngine().getEngineName() + " " + m.getEngine().getVersion());
      assertEquals(6f, m.ones(new Shape(2, 3)).sum().getFloat());
    }
  }
}
