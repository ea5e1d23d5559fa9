package io.github.mgs4j.core.train;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.checkpoint.CheckpointStore;
import io.github.mgs4j.core.checkpoint.RunIdentity;
import io.github.mgs4j.core.checkpoint.TrainingState;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.BatchFingerprint;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import io.github.mgs4j.core.runtime.ParameterVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The loop shared by {@link MgsTrainer} and {@link MleTrainer}: visit batches in the seed's order, run a
 * {@link TrainingStep}, validate every N steps, stop early after {@code patience} validations without
 * improvement, checkpoint atomically, resume exactly, and restore the best parameters at the end.
 *
 * <p>A run that reaches its last step between two validations validates that last state too, so the steps
 * after the last multiple of N can be kept. That final validation comes after the final checkpoint and is in
 * none: it decides only whether the last state or the best earlier one is returned, so a run continued from
 * that checkpoint with more steps follows the uninterrupted run exactly.
 *
 * @param <D> the step diagnostics type
 */
public final class TrainingLoop<D> {
  private final SequenceModel model;
  private final TrainingStep<D> step;
  private final TrainerConfig config;
  private final Validator validator;
  private final List<TrainingListener<? super D>> listeners;

  private TrainableParameters parameters;
  private CheckpointStore store;
  private ParameterVector bestInMemory;
  private double best = Double.NaN;
  private long bestStep = -1;
  private int badValidations;
  private final List<Double> history = new ArrayList<>();
  private RunIdentity identity;
  private final List<RunIdentity.ResumeOverride> overrides = new ArrayList<>();

  /**
   * Creates the loop.
   *
   * @param model the model
   * @param step the update rule
   * @param config the loop settings
   * @param validator the validation loss, or {@code null} for none
   * @param listeners progress listeners
   */
  public TrainingLoop(
      SequenceModel model,
      TrainingStep<D> step,
      TrainerConfig config,
      Validator validator,
      List<TrainingListener<? super D>> listeners) {
    this.model = Objects.requireNonNull(model, "model");
    this.step = Objects.requireNonNull(step, "step");
    this.config = Objects.requireNonNull(config, "config");
    this.validator = validator;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Trains on the batches.
   *
   * @param trainBatches the training batches (visited in a seeded order, epoch after epoch)
   * @return how the run ended
   * @throws IOException if a checkpoint cannot be written or read
   */
  public TrainingResult run(List<Batch> trainBatches) throws IOException {
    parameters = TrainableParameters.of(model);
    for (int b = 0; b < trainBatches.size(); b++) {
      trainBatches.get(b).requireCompatibleWith(model, "training batch " + b);
    }
    if (validator != null) {
      validator.requireCompatibleWith(model);
    }
    identity = identity(trainBatches);
    SeedStream seeds = new SeedStream(config.seed());
    BatchSchedule schedule = new BatchSchedule(trainBatches, seeds);
    store = config.checkpointDirectory().map(d -> new CheckpointStore(d, config.keepCheckpoints())).orElse(null);
    if (store != null) {
      store.prepare();
    }
    long start = 0;
    Optional<Path> latest = store != null && config.resume() ? store.latest() : Optional.empty();
    try {
      if (latest.isPresent()) {
        start = resume(latest.get());
      } else if (validator != null && config.validateAtStart() && config.validateEvery() > 0) {
        validate(0);
      }
      long s = start;
      long lastSaved = start;
      boolean stopped = false;
      while (s < config.maxSteps() && !stopped) {
        D diagnostics = step.run(schedule.batch(s), s);
        s++;
        for (TrainingListener<? super D> l : listeners) {
          l.onStep(diagnostics);
        }
        boolean validated = false;
        if (validator != null && config.validateEvery() > 0 && s % config.validateEvery() == 0) {
          validate(s);
          validated = true;
          stopped = config.patience() > 0 && badValidations >= config.patience();
        }
        boolean periodic = config.checkpointEvery() > 0 && s % config.checkpointEvery() == 0;
        if (store != null && (validated || periodic)) {
          save(s);
          lastSaved = s;
        }
      }
      if (store != null && lastSaved != s) {
        save(s);
      }
      boolean lastIsBest = false;
      if (validator != null && config.validateEvery() > 0 && !stopped && s % config.validateEvery() != 0) {
        lastIsBest = validateLast(s);
      }
      if (config.restoreBest() && bestStep >= 0 && !lastIsBest) {
        restoreBest();
      }
      return new TrainingResult(s, start, stopped, best, bestStep, history);
    } finally {
      if (bestInMemory != null) {
        bestInMemory.close();
        bestInMemory = null;
      }
    }
  }

  private long resume(Path folder) throws IOException {
    TrainingState state = store.load(
        folder, parameters, step.optimizer(), step.kind(), identity, config.resumeWithChangedSettings());
    best = state.bestValidation();
    bestStep = state.bestStep();
    badValidations = state.badValidations();
    history.addAll(state.validationHistory());
    overrides.addAll(state.overrides());
    List<RunIdentity.FieldChange> changes = state.identity().changesTo(identity);
    if (!changes.isEmpty()) {
      overrides.add(new RunIdentity.ResumeOverride(state.nextStep(), changes));
    }
    if (changes.stream().anyMatch(c -> c.field().startsWith("validation."))) {
      // Losses of another validation cannot be compared with the new one: the best is chosen afresh.
      best = Double.NaN;
      bestStep = -1;
      badValidations = 0;
    }
    return state.nextStep();
  }

  /**
   * What defines this run: the step's identity, the loop's seed and validation schedule, the training data's
   * fingerprint, the validator's identity, the model's vocabulary and parameter count and its own training
   * settings ({@link SequenceModel#trainingIdentity()}).
   */
  private RunIdentity identity(List<Batch> trainBatches) {
    int examples = 0;
    for (Batch b : trainBatches) {
      examples += b.size();
    }
    return RunIdentity.builder()
        .put("step.kind", step.kind())
        .putAll("step", step.identity())
        .put("loop.seed", config.seed())
        .put("loop.validate_every", validator == null ? 0 : config.validateEvery())
        .put("loop.patience", config.patience())
        .put("loop.validate_at_start", config.validateAtStart())
        .put("loop.restore_best", config.restoreBest())
        .put("data.train_batches", trainBatches.size())
        .put("data.train_examples", examples)
        .put("data.train_sha256", BatchFingerprint.of(trainBatches))
        .putAll("validation", validator == null ? Map.of("validator", "none") : validator.identity())
        .put("model.vocabulary", model.vocabularySize())
        .put("model.eos", model.eosId())
        .put("model.parameter_tensors", parameters.count())
        .put("model.parameter_elements", parameters.totalSize())
        .putAll("model", model.trainingIdentity())
        .build();
  }

  private void validate(long s) throws IOException {
    boolean improved = score(s);
    if (improved) {
      badValidations = 0;
      keepBest(s);
    } else {
      badValidations++;
    }
    announce(s, improved);
  }

  /**
   * Validates the last state of a run whose last step is not a multiple of the interval, without touching the
   * checkpointed state or the kept best parameters.
   *
   * @return whether the last state is better than every earlier one (then it is the run's result)
   */
  private boolean validateLast(long s) {
    boolean improved = score(s);
    announce(s, improved);
    return improved;
  }

  /** Measures the current parameters' validation loss, adds it to the history and the best; whether it improved. */
  private boolean score(long s) {
    double loss;
    try (NDManager scope = parameters.manager().newSubManager()) {
      loss = validator.validate(model, scope);
    }
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException("validation loss after step " + s + " is " + loss);
    }
    history.add(loss);
    boolean improved = bestStep < 0 || loss < best;
    if (improved) {
      best = loss;
      bestStep = s;
    }
    return improved;
  }

  private void announce(long s, boolean improved) {
    double loss = history.get(history.size() - 1);
    for (TrainingListener<? super D> l : listeners) {
      l.onValidation(s, loss, improved);
    }
  }

  private void keepBest(long s) throws IOException {
    if (!config.restoreBest()) {
      return;
    }
    if (store != null) {
      store.saveBest(parameters, step.optimizer(), state(s));
    } else {
      if (bestInMemory == null) {
        bestInMemory = ParameterVector.zerosLike(ParameterVector.of(parameters), parameters.manager());
      }
      ParameterArithmetic.engine().copy(bestInMemory, ParameterVector.of(parameters));
    }
  }

  private void restoreBest() throws IOException {
    if (bestInMemory != null) {
      ParameterArithmetic.engine().copy(ParameterVector.of(parameters), bestInMemory);
    } else if (store != null && store.best().isPresent()) {
      store.loadParameters(store.best().get(), parameters);
    }
  }

  private void save(long s) throws IOException {
    Path folder = store.save(parameters, step.optimizer(), state(s));
    for (TrainingListener<? super D> l : listeners) {
      l.onCheckpoint(s, folder);
    }
  }

  private TrainingState state(long nextStep) {
    return new TrainingState(
        step.kind(),
        nextStep,
        config.seed(),
        best,
        bestStep,
        badValidations,
        history,
        step.describe(),
        identity,
        overrides);
  }

  /** Runs {@link #run} and rethrows I/O failures unchecked, for callers that treat them as fatal. */
  public TrainingResult runUnchecked(List<Batch> trainBatches) {
    try {
      return run(trainBatches);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
