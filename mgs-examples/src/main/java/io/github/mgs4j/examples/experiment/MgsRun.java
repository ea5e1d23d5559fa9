package io.github.mgs4j.examples.experiment;

import ai.djl.Device;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.execution.DirectionStorage;
import io.github.mgs4j.core.execution.Evaluators;
import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.search.ComponentAssignment;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.train.MgsTrainer;
import io.github.mgs4j.core.train.TaskLossValidator;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingListener;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.core.train.Validator;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One MGS fine-tuning run of the example: the hyper-parameters, {@link MgsTrainer} with a {@link MgsTrace}
 * recording the plotted series, validation every {@code validateEvery} steps (the task loss, or any
 * {@link Validator}), early stopping after {@code patience} validations without improvement, and the best
 * parameters restored at the end.
 *
 * @param candidates K
 * @param alpha α
 * @param noise the noise multiplier
 * @param components which proposal components the candidates come from (the mixture, or one component)
 * @param optimizer the optimizer family (AdamW as the authors, or SGD)
 * @param learningRate the learning rate
 * @param steps the number of MGS steps
 * @param validateEvery steps between validations (0 = none)
 * @param patience validations without improvement before stopping (0 = never stop early)
 * @param decodeCap the cap on training decode lengths (the paper's 1.3× rule applies below it)
 * @param seed the run's seed
 * @param execution how the steps run (replicas, MLE micro-batches, direction storage): speed and memory only
 */
public record MgsRun(
    int candidates, double alpha, double noise, ComponentAssignment components, OptimizerConfig.Kind optimizer,
    float learningRate, long steps, long validateEvery, int patience, int decodeCap, long seed,
    Execution execution) implements Serializable {

  /** Validates the run's own settings (the rest are checked by {@link MgsConfig}). */
  public MgsRun {
    Objects.requireNonNull(components, "components");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(execution, "execution");
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    if (validateEvery < 0 || patience < 0) {
      throw new IllegalArgumentException(
          "validate-every and patience must be >= 0, got " + validateEvery + " and " + patience);
    }
  }

  /** This run with another seed. */
  public MgsRun withSeed(long newSeed) {
    return new MgsRun(candidates, alpha, noise, components, optimizer, learningRate, steps, validateEvery,
        patience, decodeCap, newSeed, execution);
  }

  /** This run with another α and proposal. */
  public MgsRun with(double newAlpha, ComponentAssignment newComponents) {
    return new MgsRun(candidates, newAlpha, noise, newComponents, optimizer, learningRate, steps, validateEvery,
        patience, decodeCap, seed, execution);
  }

  /** This run with another optimizer and learning rate. */
  public MgsRun withOptimizer(OptimizerConfig.Kind newOptimizer, float newLearningRate) {
    return new MgsRun(candidates, alpha, noise, components, newOptimizer, newLearningRate, steps, validateEvery,
        patience, decodeCap, seed, execution);
  }

  /** The training decode length rule: 1.3× the longest target of the batch, at most {@code decodeCap}. */
  public DecodeLength decodeLength() {
    return new DecodeLength(1.3, decodeCap);
  }

  /**
   * The settings that change an MGS step's speed and memory but not its result (beyond float rounding).
   *
   * @param replicas model replicas decoding candidates concurrently (0 = in place)
   * @param replicaDevices the devices the replicas are spread over, as DJL names ({@code gpu0}, {@code gpu1});
   *     empty for the model's device
   * @param mleMicroBatch rows per MLE forward/backward pass (0 = the whole batch, see
   *     {@link ExecutionConfig#mleMicroBatchRows()})
   * @param directions how the update direction is stored (see {@link ExecutionConfig#directionStorage()})
   * @param releaseMemory whether free native memory is released after each MLE backward pass (see
   *     {@link ExecutionConfig#releaseFreedMemory()})
   */
  public record Execution(
      int replicas, List<String> replicaDevices, int mleMicroBatch, DirectionStorage directions,
      boolean releaseMemory) implements Serializable {
    /** In place, one MLE pass, directions stored by model size: the library's defaults on one device. */
    public static final Execution DEFAULT = new Execution(0, List.of(), 0, DirectionStorage.AUTO, false);

    /** Validates the settings. */
    public Execution {
      replicaDevices = List.copyOf(replicaDevices);
      Objects.requireNonNull(directions, "directions");
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
      }
    }

    /** The library's execution configuration for these settings. */
    public ExecutionConfig config() {
      return ExecutionConfig.builder()
          .evaluator(replicas == 0
              ? Evaluators.inPlace()
              : Evaluators.replicas(replicas, replicaDevices.stream().map(Device::fromName).toList()))
          .mleMicroBatchRows(mleMicroBatch)
          .directionStorage(directions)
          .releaseFreedMemory(releaseMemory)
          .build();
    }
  }

  /** The MGS configuration of this run. */
  public MgsConfig config() {
    return MgsConfig.builder()
        .candidates(candidates)
        .alpha(alpha)
        .noiseMultiplier(noise)
        .assignment(components)
        .decodeLength(decodeLength())
        .optimizer(OptimizerConfig.builder().kind(optimizer).learningRate(learningRate).build())
        .build();
  }

  /**
   * Trains the model in place, validating on the task loss of {@code valid}.
   *
   * @param model the model (starts from the MLE checkpoint)
   * @param loss the task loss
   * @param train training batches
   * @param valid validation batches ({@code null} = none)
   * @param trace receives every step
   * @param onStep progress callback
   * @param checkpoints a checkpoint directory or {@code null}
   */
  public TrainingResult train(SequenceModel model, TaskLoss loss, List<Batch> train, List<Batch> valid,
      MgsTrace trace, Consumer<StepDiagnostics> onStep, Path checkpoints) throws IOException {
    return train(model, loss, train, valid, trace, onStep, checkpoints, false);
  }

  /**
   * Trains the model in place, validating on the task loss of {@code valid}, resuming a checkpoint written
   * with other settings if asked.
   *
   * @param model the model (starts from the MLE checkpoint)
   * @param loss the task loss
   * @param train training batches
   * @param valid validation batches ({@code null} = none)
   * @param trace receives every step
   * @param onStep progress callback
   * @param checkpoints a checkpoint directory or {@code null}
   * @param resumeChanged whether a checkpoint of a run with other settings or data is resumed anyway (see
   *     {@link TrainerConfig#resumeWithChangedSettings()})
   */
  public TrainingResult train(SequenceModel model, TaskLoss loss, List<Batch> train, List<Batch> valid,
      MgsTrace trace, Consumer<StepDiagnostics> onStep, Path checkpoints, boolean resumeChanged)
      throws IOException {
    return train(model, loss, train, valid, trace, onStep, checkpoints, resumeChanged, execution.config());
  }

  /**
   * Trains the model in place with the given execution (e.g. candidates evaluated on Spark workers) in place of
   * {@link #execution()}'s.
   *
   * @param executionConfig how the steps run
   * @see #train(SequenceModel, TaskLoss, List, List, MgsTrace, Consumer, Path, boolean)
   */
  public TrainingResult train(SequenceModel model, TaskLoss loss, List<Batch> train, List<Batch> valid,
      MgsTrace trace, Consumer<StepDiagnostics> onStep, Path checkpoints, boolean resumeChanged,
      ExecutionConfig executionConfig) throws IOException {
    Validator validator =
        valid == null ? null : new TaskLossValidator(valid, loss, new GreedyDecoder(), decodeLength());
    return train(model, loss, train, validator, trace, onStep, checkpoints, resumeChanged, executionConfig);
  }

  /**
   * Trains the model in place, validating with {@code validator} (which is also told of each validation
   * when it is a {@link TrainingListener}).
   *
   * @param model the model (starts from the MLE checkpoint)
   * @param loss the task loss
   * @param train training batches
   * @param validator the validation loss ({@code null} = none)
   * @param trace receives every step
   * @param onStep progress callback
   * @param checkpoints a checkpoint directory or {@code null}
   * @param resumeChanged whether a checkpoint of a run with other settings or data is resumed anyway
   */
  public TrainingResult train(SequenceModel model, TaskLoss loss, List<Batch> train, Validator validator,
      MgsTrace trace, Consumer<StepDiagnostics> onStep, Path checkpoints, boolean resumeChanged)
      throws IOException {
    return train(model, loss, train, validator, trace, onStep, checkpoints, resumeChanged, execution.config());
  }

  private TrainingResult train(SequenceModel model, TaskLoss loss, List<Batch> train, Validator validator,
      MgsTrace trace, Consumer<StepDiagnostics> onStep, Path checkpoints, boolean resumeChanged,
      ExecutionConfig executionConfig) throws IOException {
    MgsTrainer.Builder builder = MgsTrainer.builder(model, loss)
        .config(config())
        .execution(executionConfig)
        .trainerConfig(TrainerConfig.builder()
            .maxSteps(steps)
            .validateEvery(validator == null ? 0 : validateEvery)
            .patience(patience)
            .seed(seed)
            .checkpointDirectory(checkpoints)
            .resumeWithChangedSettings(resumeChanged)
            .build())
        .listener(trace)
        .listener(new TrainingListener<StepDiagnostics>() {
          @Override
          public void onStep(StepDiagnostics d) {
            onStep.accept(d);
          }
        });
    if (validator != null) {
      builder.validator(validator);
      if (validator instanceof TrainingListener<?> listener) {
        @SuppressWarnings("unchecked")
        TrainingListener<StepDiagnostics> typed = (TrainingListener<StepDiagnostics>) listener;
        builder.listener(typed);
      }
    }
    return builder.build().train(train);
  }

  /** A one-line description. */
  public String describe() {
    return String.format(Locale.ROOT,
        "K=%d alpha=%s noise=%s q=%s %s lr=%s steps<=%d validate-every=%d patience=%d decodeCap=%d seed=%d",
        candidates, alpha, noise, components.name().toLowerCase(Locale.ROOT),
        optimizer.name().toLowerCase(Locale.ROOT), learningRate, steps, validateEvery, patience, decodeCap, seed);
  }
}
