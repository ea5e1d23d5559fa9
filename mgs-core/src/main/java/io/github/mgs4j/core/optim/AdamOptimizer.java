package io.github.mgs4j.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.github.mgs4j.core.model.RowBlocks;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Adam, or AdamW with decoupled weight decay, on the engine's fused in-place kernel, with exportable state.
 * One-dimensional parameters (biases, LayerNorm gains) get no weight decay, as in the authors' code.
 */
public final class AdamOptimizer extends StatefulOptimizer {
  private static final String MEAN = "m/";
  private static final String VARIANCE = "v/";
  private static final String COUNT = "t/";

  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final boolean decoupled;
  private final Map<String, NDArray> means = new LinkedHashMap<>();
  private final Map<String, NDArray> variances = new LinkedHashMap<>();
  private final Map<String, Long> counts = new HashMap<>();
  private final long blockElements;

  AdamOptimizer(
      float learningRate, float beta1, float beta2, float epsilon, float weightDecay, boolean decoupled) {
    this(learningRate, beta1, beta2, epsilon, weightDecay, decoupled, RowBlocks.DEFAULT_BLOCK_ELEMENTS);
  }

  /**
   * Creates the optimizer. Tensors larger than {@code blockElements} are updated one block of rows at a time
   * through views, so the kernel's temporaries stay block-sized; the update is elementwise, so the result is
   * bit-identical to a whole-tensor update.
   */
  AdamOptimizer(
      float learningRate,
      float beta1,
      float beta2,
      float epsilon,
      float weightDecay,
      boolean decoupled,
      long blockElements) {
    this.blockElements = blockElements;
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  @Override
  public synchronized void update(String parameterId, NDArray weight, NDArray grad) {
    NDArray mean = means.computeIfAbsent(parameterId, k -> persistentZeros(weight));
    NDArray variance = variances.computeIfAbsent(parameterId, k -> persistentZeros(weight));
    long t = counts.merge(parameterId, 1L, Long::sum);
    double coef1 = 1.0 - Math.pow(beta1, t);
    double coef2 = 1.0 - Math.pow(beta2, t);
    float biasCorrectedRate = (float) (learningRate * Math.sqrt(coef2) / coef1);
    float decay = weight.getShape().dimension() > 1 ? weightDecay : 0f;
    for (NDIndex block : RowBlocks.of(weight.getShape(), blockElements)) {
      if (block == null) {
        kernel(weight, grad, mean, variance, biasCorrectedRate, decay);
        continue;
      }
      try (NDManager local = weight.getManager().newSubManager()) {
        kernel(
            weight.get(local, block),
            grad.get(local, block),
            mean.get(local, block),
            variance.get(local, block),
            biasCorrectedRate,
            decay);
      }
    }
  }

  private void kernel(
      NDArray weight, NDArray grad, NDArray mean, NDArray variance, float biasCorrectedRate, float decay) {
    weight
        .getNDArrayInternal()
        .adamUpdate(
            new NDList(weight, grad, mean, variance),
            new NDList(weight),
            learningRate,
            biasCorrectedRate,
            decay,
            1f,
            -1f,
            beta1,
            beta2,
            epsilon,
            true,
            decoupled);
  }

  private static NDArray persistentZeros(NDArray like) {
    NDArray z = like.getManager().zeros(like.getShape(), like.getDataType(), like.getDevice());
    z.setRequiresGradient(false);
    return z;
  }

  @Override
  public synchronized Map<String, NDArray> stateArrays() {
    Map<String, NDArray> state = new LinkedHashMap<>();
    means.forEach((k, v) -> state.put(MEAN + k, v));
    variances.forEach((k, v) -> state.put(VARIANCE + k, v));
    return state;
  }

  @Override
  public synchronized Map<String, Long> stateCounters() {
    Map<String, Long> state = new LinkedHashMap<>();
    counts.forEach((k, v) -> state.put(COUNT + k, v));
    return state;
  }

  @Override
  public synchronized void loadState(
      Map<String, NDArray> arrays, Map<String, Long> counters, NDManager manager) {
    Map<String, NDArray> newMeans = new LinkedHashMap<>();
    Map<String, NDArray> newVariances = new LinkedHashMap<>();
    Map<String, Long> newCounts = new HashMap<>();
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      String key = e.getKey();
      NDArray copy = e.getValue().duplicate();
      copy.attach(manager);
      if (key.startsWith(MEAN)) {
        newMeans.put(key.substring(MEAN.length()), copy);
      } else if (key.startsWith(VARIANCE)) {
        newVariances.put(key.substring(VARIANCE.length()), copy);
      } else {
        copy.close();
        throw new IllegalArgumentException("unknown Adam state array '" + key + "'");
      }
    }
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      if (!e.getKey().startsWith(COUNT)) {
        throw new IllegalArgumentException("unknown Adam counter '" + e.getKey() + "'");
      }
      newCounts.put(e.getKey().substring(COUNT.length()), e.getValue());
    }
    means.values().forEach(NDArray::close);
    variances.values().forEach(NDArray::close);
    means.clear();
    variances.clear();
    counts.clear();
    means.putAll(newMeans);
    variances.putAll(newVariances);
    counts.putAll(newCounts);
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%s(lr=%s,beta1=%s,beta2=%s,eps=%s,weight_decay=%s)",
        decoupled ? "adamw" : "adam",
        learningRate,
        beta1,
        beta2,
        epsilon,
        weightDecay);
  }
}
