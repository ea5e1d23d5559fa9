package io.github.mgs4j.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.github.mgs4j.core.model.RowBlocks;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.FlatBlocks;
import io.github.mgs4j.core.runtime.HostViews;
import java.nio.FloatBuffer;
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
 * <p>Two executions of DJL's Adam kernel (the same operations in the same order: decay, first moment, second
 * moment, step): on CPU, when the weight and both moments can be written in place through
 * {@link HostViews}, Java updates each block of {@code blockElements} in one pass over the four arrays on a
 * {@link BlockWorkers} team (the engine's kernel makes about eleven passes with four temporaries; at 124M
 * parameters it took 0.2–0.3 s, the Java pass on two cores ≈ 0.09 s); otherwise the engine's fused kernel
 * runs on views of the blocks. The two agree to float32 rounding (the engine may fuse a multiply and an add
 * that Java rounds separately); each is elementwise, so block sizes and thread counts never change a bit.
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
  private final LearningRateSchedule schedule;
  private final Map<String, NDArray> means = new LinkedHashMap<>();
  private final Map<String, NDArray> variances = new LinkedHashMap<>();
  private final Map<String, Long> counts = new HashMap<>();
  private final long blockElements;
  /** The team that runs the host update, or null for the engine's kernel only. */
  private final BlockWorkers workers;
  /**
   * Per weight or moment key: the array last seen under it and its in-place host view (null view: the host
   * cannot write it), probed once per array; bounded by the number of parameters whatever the caller passes.
   */
  private final Map<String, HostView> writableViews = new HashMap<>();

  /** An optimizer whose host update runs on the shared team, in blocks of the default size. */
  AdamOptimizer(
      float learningRate,
      float beta1,
      float beta2,
      float epsilon,
      float weightDecay,
      boolean decoupled,
      LearningRateSchedule schedule) {
    this(
        learningRate,
        beta1,
        beta2,
        epsilon,
        weightDecay,
        decoupled,
        schedule,
        RowBlocks.DEFAULT_BLOCK_ELEMENTS,
        BlockWorkers.shared());
  }

  /**
   * Creates the optimizer. Tensors larger than {@code blockElements} are updated one block at a time (on the
   * engine: one block of rows, through views, so the kernel's temporaries stay block-sized); the update is
   * elementwise, so the result is bit-identical to a whole-tensor update.
   *
   * @param workers the team for the host update, or null to run the engine's kernel only
   */
  AdamOptimizer(
      float learningRate,
      float beta1,
      float beta2,
      float epsilon,
      float weightDecay,
      boolean decoupled,
      LearningRateSchedule schedule,
      long blockElements,
      BlockWorkers workers) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.blockElements = blockElements;
    this.workers = workers;
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    updateAll(List.of(parameterId), List.of(weight), List.of(grad));
  }

  /**
   * Updates every parameter. Those the host can write in place are updated in one pass on the team, all
   * blocks of all parameters together (one hand-off for the whole model instead of one per tensor: on a
   * 50-tensor model that is most of the update's time); the others by the engine's kernel.
   */
  @Override
  public synchronized void updateAll(List<String> ids, List<NDArray> weights, List<NDArray> gradients) {
    requireSameLengths(ids, weights, gradients);
    List<HostJob> jobs = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      String parameterId = ids.get(i);
      NDArray weight = weights.get(i);
      NDArray grad = gradients.get(i);
      NDArray mean = means.computeIfAbsent(parameterId, k -> persistentZeros(weight));
      NDArray variance = variances.computeIfAbsent(parameterId, k -> persistentZeros(weight));
      long t = counts.merge(parameterId, 1L, Long::sum);
      double coef1 = 1.0 - Math.pow(beta1, t);
      double coef2 = 1.0 - Math.pow(beta2, t);
      float rate = (float) (learningRate * schedule.factor(t));
      float biasCorrectedRate = (float) (rate * Math.sqrt(coef2) / coef1);
      float decay = weight.getShape().dimension() > 1 ? weightDecay : 0f;
      HostJob job = hostJob(parameterId, weight, grad, mean, variance, rate, biasCorrectedRate, decay);
      if (job != null) {
        jobs.add(job);
      } else {
        engineUpdate(weight, grad, mean, variance, rate, biasCorrectedRate, decay);
      }
    }
    runOnHost(jobs);
  }

  /** The engine's kernel, block of rows by block of rows. */
  private void engineUpdate(
      NDArray weight, NDArray grad, NDArray mean, NDArray variance, float rate, float biasCorrectedRate,
      float decay) {
    for (NDIndex block : RowBlocks.of(weight.getShape(), blockElements)) {
      if (block == null) {
        kernel(weight, grad, mean, variance, rate, biasCorrectedRate, decay);
        continue;
      }
      try (NDManager local = weight.getManager().newSubManager()) {
        kernel(
            weight.get(local, block),
            grad.get(local, block),
            mean.get(local, block),
            variance.get(local, block),
            rate,
            biasCorrectedRate,
            decay);
      }
    }
  }

  /**
   * The host's share of a parameter's update, when the weight and both moments can be written in place;
   * null when the engine must run it.
   */
  private HostJob hostJob(
      String parameterId,
      NDArray weight,
      NDArray grad,
      NDArray mean,
      NDArray variance,
      float rate,
      float biasCorrectedRate,
      float decay) {
    if (workers == null || weight.size() != grad.size()) {
      return null;
    }
    FloatBuffer w = writableView(parameterId, weight);
    FloatBuffer m = writableView(MEAN + parameterId, mean);
    FloatBuffer v = writableView(VARIANCE + parameterId, variance);
    // The gradient is only read, so a copy would serve as well as a view: no probe.
    List<FloatBuffer> g = w == null || m == null || v == null ? null : HostViews.of(List.of(grad), false);
    return g == null ? null : new HostJob(w, g.get(0), m, v, rate, biasCorrectedRate, decay);
  }

  /** One pass per block over the four arrays of every job, in the engine kernel's order of operations. */
  private void runOnHost(List<HostJob> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    List<FloatBuffer> weights = new ArrayList<>(jobs.size());
    List<FloatBuffer> gradients = new ArrayList<>(jobs.size());
    List<FloatBuffer> means = new ArrayList<>(jobs.size());
    List<FloatBuffer> variances = new ArrayList<>(jobs.size());
    for (HostJob job : jobs) {
      weights.add(job.weight());
      gradients.add(job.gradient());
      means.add(job.mean());
      variances.add(job.variance());
    }
    List<FlatBlocks.Block> blocks = FlatBlocks.of(weights, blockElements);
    workers.forEach(
        blocks.size(),
        (i, scratch) -> {
          FlatBlocks.Block b = blocks.get(i);
          HostJob job = jobs.get(b.array());
          int n = b.length();
          float[] ws = b.read(weights, scratch.floats(0, n));
          float[] gs = b.read(gradients, scratch.floats(1, n));
          float[] ms = b.read(means, scratch.floats(2, n));
          float[] vs = b.read(variances, scratch.floats(3, n));
          step(ws, gs, ms, vs, n, job.learningRate(), job.rate(), job.decay());
          b.write(weights, ws);
          b.write(means, ms);
          b.write(variances, vs);
        });
  }

  /**
   * One parameter's update on the host: its four views, this update's learning rate, bias-corrected rate and
   * decay.
   */
  private record HostJob(
      FloatBuffer weight,
      FloatBuffer gradient,
      FloatBuffer mean,
      FloatBuffer variance,
      float learningRate,
      float rate,
      float decay) {}

  /**
   * One Adam step over the first {@code n} entries, as DJL's kernel computes it: with decoupled decay
   * {@code θ ← θ − (θ·lr)·decay}, else {@code g ← g + decay·θ}; {@code m ← m·β1 + (1−β1)·g};
   * {@code v ← v·β2 + (1−β2)·g·g}; {@code θ ← θ − (m·rate) / (√v + ε)}.
   */
  private void step(
      float[] w, float[] g, float[] m, float[] v, int n, float learningRate, float rate, float decay) {
    float oneMinusBeta1 = 1f - beta1;
    float oneMinusBeta2 = 1f - beta2;
    for (int j = 0; j < n; j++) {
      float x = w[j];
      float gj = g[j];
      if (decoupled) {
        x = x - (x * learningRate) * decay;
      } else {
        gj = gj + decay * x;
      }
      float mj = m[j] * beta1 + oneMinusBeta1 * gj;
      float vj = v[j] * beta2 + oneMinusBeta2 * gj * gj;
      m[j] = mj;
      v[j] = vj;
      w[j] = x - (mj * rate) / ((float) Math.sqrt(vj) + epsilon);
    }
  }

  /** How many weight and moment arrays the host writes in place (for tests). */
  synchronized int hostWritableArrays() {
    return (int) writableViews.values().stream().filter(h -> h.view() != null).count();
  }

  /** The array's in-place host view, checked by a write probe the first time it is seen; null when none. */
  private FloatBuffer writableView(String key, NDArray array) {
    HostView known = writableViews.get(key);
    if (known == null || known.array() != array) {
      List<FloatBuffer> views = HostViews.of(List.of(array), true);
      known = new HostView(array, views == null ? null : views.get(0));
      writableViews.put(key, known);
    }
    return known.view() == null ? null : known.view().duplicate();
  }

  /** An array and its in-place view (null: the host cannot write it). */
  private record HostView(NDArray array, FloatBuffer view) {}

  private void kernel(
      NDArray weight, NDArray grad, NDArray mean, NDArray variance, float learningRate, float biasCorrectedRate,
      float decay) {
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
    writableViews.clear();
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
