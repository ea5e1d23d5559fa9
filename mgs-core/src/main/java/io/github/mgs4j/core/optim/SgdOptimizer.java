package io.github.mgs4j.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import java.util.Map;

/** Plain stochastic gradient descent, {@code θ ← θ − lr·step}, computed in place; it has no state. */
public final class SgdOptimizer extends StatefulOptimizer {
  private final float learningRate;

  SgdOptimizer(float learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    try (NDArray scaled = grad.mul(learningRate)) {
      weight.subi(scaled);
    }
  }

  @Override
  public Map<String, NDArray> stateArrays() {
    return Map.of();
  }

  @Override
  public Map<String, Long> stateCounters() {
    return Map.of();
  }

  @Override
  public void loadState(Map<String, NDArray> arrays, Map<String, Long> counters, NDManager manager) {
    if (!arrays.isEmpty() || !counters.isEmpty()) {
      throw new IllegalArgumentException("SGD has no state, but the checkpoint holds optimizer state");
    }
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "sgd(lr=%s)", learningRate);
  }
}
