package io.github.mgs4j.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Adam, or AdamW with decoupled weight decay, with exportable state and an optional
 * {@link LearningRateSchedule} (the multiplier of update t scales the learning rate of that update, decay
 * included). One-dimensional parameters (biases, LayerNorm gains) get no weight decay, and the decay is
 * applied before the moment update, in the order of DJL's kernel. The authors' code differs slightly: its
 * exclusion list names {@code bias} and {@code LayerNorm.weight}, which GPT-2's {@code ln_*} gains do not
 * match, so their gains are decayed, and transformers' AdamW decays after the step. Each difference changes a
 * weight by about {@code lr·decay·θ} per update (6e-7·θ at their settings).
 *
 * <p>Per parameter, at step t: {@code lr_t = lr·schedule(t)}, {@code rate = lr_t·√(1−β2^t) / (1−β1^t)}; with
 * decoupled decay {@code θ ← θ − (θ·lr_t)·decay}, else {@code g ← g + decay·θ}; {@code m ← β1·m + (1−β1)·g};
 * {@code v ← β2·v + (1−β2)·g²}; {@code θ ← θ − rate·m / (√v + ε)} — DJL's fused kernel, run by a
 * {@link ParameterArithmetic} ({@link ParameterArithmetic#adam}) for all parameters at once.
 */
public final class AdamOptimizer extends StatefulOptimizer {
  private static final String MEAN = "m/";
  private static final String VARIANCE = "v/";
  private static final String COUNT = "t/";

  private final ParameterArithmetic.AdamCoefficients coefficients;
  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final boolean decoupled;
  private final LearningRateSchedule schedule;
  private final Map<String, NDArray> means = new LinkedHashMap<>();
  private final Map<String, NDArray> variances = new LinkedHashMap<>();
  private final Map<String, Long> counts = new HashMap<>();
  private final ParameterArithmetic arithmetic;

  /**
   * Creates the optimizer.
   *
   * @param arithmetic how the update runs (host passes or the engine's kernel)
   */
  AdamOptimizer(
      float learningRate,
      float beta1,
      float beta2,
      float epsilon,
      float weightDecay,
      boolean decoupled,
      LearningRateSchedule schedule,
      ParameterArithmetic arithmetic) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.arithmetic = Objects.requireNonNull(arithmetic, "arithmetic");
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
    this.coefficients = new ParameterArithmetic.AdamCoefficients(beta1, beta2, epsilon, decoupled);
  }

  /** How the update runs. */
  ParameterArithmetic arithmetic() {
    return arithmetic;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    updateAll(List.of(parameterId), List.of(weight), List.of(grad));
  }

  /** Updates every parameter in one call of the arithmetic (one pass over all of them on the host). */
  @Override
  public synchronized void updateAll(List<String> ids, List<NDArray> weights, List<NDArray> gradients) {
    requireSameLengths(ids, weights, gradients);
    List<ParameterArithmetic.AdamTensor> tensors = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      String parameterId = ids.get(i);
      NDArray weight = weights.get(i);
      NDArray mean = means.computeIfAbsent(parameterId, k -> persistentZeros(weight));
      NDArray variance = variances.computeIfAbsent(parameterId, k -> persistentZeros(weight));
      long t = counts.merge(parameterId, 1L, Long::sum);
      double coef1 = 1.0 - Math.pow(beta1, t);
      double coef2 = 1.0 - Math.pow(beta2, t);
      float rate = (float) (learningRate * schedule.factor(t));
      float biasCorrectedRate = (float) (rate * Math.sqrt(coef2) / coef1);
      float decay = weight.getShape().dimension() > 1 ? weightDecay : 0f;
      tensors.add(new ParameterArithmetic.AdamTensor(
          weight, gradients.get(i), mean, variance, rate, biasCorrectedRate, decay));
    }
    arithmetic.adam(coefficients, tensors);
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
        "%s(lr=%s,beta1=%s,beta2=%s,eps=%s,weight_decay=%s%s)",
        decoupled ? "adamw" : "adam",
        learningRate,
        beta1,
        beta2,
        epsilon,
        weightDecay,
        schedule.equals(LearningRateSchedule.constant()) ? "" : ",schedule=" + schedule.describe());
  }
}
