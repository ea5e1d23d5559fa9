package io.github.mgs4j.core.sequence;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.GradientClipping;
import io.github.mgs4j.core.optim.NonFiniteGradientException;
import io.github.mgs4j.core.optim.StatefulOptimizer;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.train.TrainingStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One step of a differentiable sequence-level objective: draw and score the candidates
 * ({@link #sample}), build the objective from {@link SequenceModel#sequenceLogProbability} and backpropagate it
 * ({@link #backward}: its exact gradient by autograd into the parameters' gradient storage), clip the gradient to
 * a global L2 norm and hand it to the optimizer. The candidates of step s are drawn from the stream
 * {@code seed(kind + "-samples", s)} and dropout from {@code intSeed(kind + "-dropout", s)}, so a resumed run
 * is exact. A NaN task loss or a non-finite objective or gradient throws before anything changes.
 *
 * @param <C> the objective's configuration
 * @param <G> what the gradient pass measured
 * @param <D> the step's diagnostics
 */
public abstract class SequenceLevelStep<C extends SequenceObjectiveConfig, G, D> implements TrainingStep<D> {
  private final String kind;
  private final SequenceModel model;
  private final TaskLoss taskLoss;
  private final SeedStream seeds;
  private final TrainableParameters parameters;
  private final C config;
  private final StatefulOptimizer optimizer;

  /**
   * Creates the step.
   *
   * @param kind the checkpoint kind, also the prefix of the step's random streams
   * @param model the model (it must implement {@link SequenceModel#sequenceLogProbability})
   * @param taskLoss the task loss c
   * @param config the objective's configuration (the optimizer is created from its
   *     {@link SequenceObjectiveConfig#optimizer()})
   * @param seeds the run's random streams
   */
  protected SequenceLevelStep(String kind, SequenceModel model, TaskLoss taskLoss, C config,
      SeedStream seeds) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.model = Objects.requireNonNull(model, "model");
    this.taskLoss = Objects.requireNonNull(taskLoss, "taskLoss");
    this.seeds = Objects.requireNonNull(seeds, "seeds");
    this.parameters = TrainableParameters.of(model);
    this.config = Objects.requireNonNull(config, "config");
    this.optimizer = config.optimizer().newOptimizer();
  }

  /**
   * Draws and scores the candidates of the batch and backpropagates the objective.
   *
   * @param batch the batch
   * @param step the step index
   * @param scope the step's manager
   * @return what the pass measured
   */
  protected abstract G gradient(Batch batch, long step, NDManager scope);

  /**
   * The step's diagnostics.
   *
   * @param gradient what the gradient pass measured
   * @param step the step index
   * @param gradientNorm the gradient's norm before clipping
   * @param seconds the step's wall time
   */
  protected abstract D diagnostics(G gradient, long step, double gradientNorm, double seconds);

  /**
   * The objective's own settings that define the trajectory (candidate counts, α, baseline, ...), by name;
   * {@link #identity()} adds the shared ones (dropout, decode length, clipping norm, optimizer) and the task loss.
   */
  protected abstract Map<String, String> objectiveIdentity();

  /** The objective's configuration (its {@code toString} opens {@link #describe()}). */
  public C config() {
    return config;
  }

  @Override
  public final String describe() {
    return config() + " taskLoss=" + taskLoss.name();
  }

  @Override
  public final Map<String, String> identity() {
    Map<String, String> fields = new LinkedHashMap<>(objectiveIdentity());
    fields.put("dropout", String.valueOf(config.dropout()));
    fields.put("decode_length", String.valueOf(config.decodeLength()));
    fields.put("clip", String.valueOf(config.clipNorm()));
    fields.put("optimizer", String.valueOf(config.optimizer()));
    fields.put("task_loss", taskLoss.name());
    return fields;
  }

  @Override
  public final D run(Batch batch, long step) {
    Objects.requireNonNull(batch, "batch");
    long t0 = System.nanoTime();
    try (NDManager scope = parameters.manager().newSubManager()) {
      G g = gradient(batch, step, scope);
      List<NDArray> gradients = new ArrayList<>(parameters.count());
      for (int w = 0; w < parameters.count(); w++) {
        NDArray array = parameters.gradient(w);
        array.attach(scope);
        gradients.add(array);
      }
      double norm = GradientClipping.clipInPlace(gradients, config.clipNorm());
      optimizer.updateAll(parameters.names(), parameters.arrays(), gradients);
      return diagnostics(g, step, norm, (System.nanoTime() - t0) / 1e9);
    }
  }

  /**
   * Draws and scores the candidates of step {@code step}, then seeds the engine's generator for the dropout of the
   * gradient pass.
   */
  protected SampledSequences sample(SequenceSampler sampler, Batch batch, long step, NDManager scope) {
    SampledSequences samples = sampler.sample(model, batch, taskLoss, seeds.seed(kind + "-samples", step), scope);
    Engine.getInstance().setRandomSeed(seeds.intSeed(kind + "-dropout", step));
    return samples;
  }

  /**
   * Zeroes the gradients, builds the objective inside a {@link GradientCollector} and backpropagates it.
   *
   * @param objective builds the objective, a scalar (called once, inside the collector)
   * @return the objective's value
   * @throws NonFiniteGradientException if the objective is NaN or infinite
   */
  protected double backward(Supplier<NDArray> objective) {
    parameters.zeroGradients();
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray value = objective.get();
      if (value.size() != 1) {
        throw new IllegalStateException("a sequence-level objective must be a scalar, got shape " + value.getShape());
      }
      double v = value.getFloat();
      if (!Double.isFinite(v)) {
        throw new NonFiniteGradientException("the sequence-level objective is " + v);
      }
      collector.backward(value);
      return v;
    }
  }

  /** The model. */
  protected SequenceModel model() {
    return model;
  }

  /** The task loss. */
  protected TaskLoss taskLoss() {
    return taskLoss;
  }

  @Override
  public StatefulOptimizer optimizer() {
    return optimizer;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public void close() {}
}
