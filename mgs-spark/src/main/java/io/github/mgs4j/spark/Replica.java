package io.github.mgs4j.spark;

import io.github.mgs4j.core.checkpoint.CheckpointStore;
import io.github.mgs4j.core.checkpoint.RunIdentity;
import io.github.mgs4j.core.checkpoint.TrainingState;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.SamplingDecoder;
import io.github.mgs4j.core.execution.DirectionStorage;
import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.MgsStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A worker's copy of the run: the model, and an {@link MgsStep} over it with the driver's hyper-parameters and
 * seed whose candidates a {@link WorkerEvaluator} evaluates. It stands before step {@link #nextStep()} (holds θ
 * of that step and the optimizer state after the step before) and moves only by running whole steps: the
 * driver's current one, or replays of steps it missed.
 */
final class Replica implements AutoCloseable {
  private final SequenceModel model;
  private final TrainableParameters parameters;
  private final WorkerEvaluator evaluator;
  private final MgsStep step;
  private long nextStep;
  private WorkerEvaluator.Gathered done;

  private Replica(ReplicaSetup setup) {
    this.model = setup.createModel();
    try {
      TaskLoss taskLoss = setup.createTaskLoss();
      MgsConfig config = setup.config();
      requireShardable(taskLoss, config);
      this.parameters = TrainableParameters.of(model);
      this.evaluator = new WorkerEvaluator(model, taskLoss, config);
      ExecutionConfig execution = setup.execution().toBuilder()
          .evaluator((m, p) -> evaluator)
          .directionStorage(DirectionStorage.REGENERATED)
          .build();
      this.step = new MgsStep(model, taskLoss, config, execution, new SeedStream(setup.seed()));
    } catch (RuntimeException | Error e) {
      closeModel();
      throw e;
    }
  }

  /**
   * A new replica: θ₀ from the setup, or, where the run has a checkpoint directory, its latest checkpoint that
   * does not stand after {@code step}.
   */
  static Replica create(ReplicaSetup setup, String checkpointDirectory, long step) {
    Replica replica = new Replica(setup);
    try {
      if (checkpointDirectory != null) {
        replica.loadLatest(Path.of(checkpointDirectory), step);
      }
      return replica;
    } catch (RuntimeException | Error e) {
      replica.close();
      throw e;
    }
  }

  private void loadLatest(Path directory, long notAfter) {
    try {
      CheckpointStore store = new CheckpointStore(directory, 1);
      Optional<Path> latest = store.latest();
      if (latest.isEmpty()) {
        return;
      }
      TrainingState state = store.load(
          latest.get(), parameters, step.optimizer(), step.kind(), RunIdentity.unknown(), true);
      if (state.nextStep() > notAfter) {
        throw new IllegalStateException("the latest checkpoint " + latest.get() + " stands before step "
            + state.nextStep() + ", after the driver's step " + notAfter + ": is it another run's directory?");
      }
      nextStep = state.nextStep();
    } catch (IOException e) {
      throw new UncheckedIOException("a worker cannot read the run's checkpoints in " + directory, e);
    }
  }

  private static void requireShardable(TaskLoss taskLoss, MgsConfig config) {
    try {
      if (taskLoss.getClass().getMethod("pooled", Batch.class, DecodedBatch.class).getDeclaringClass()
          != TaskLoss.class) {
        throw new IllegalArgumentException("task loss '" + taskLoss.name() + "' overrides pooled(): rows decoded"
            + " on different workers can only be pooled as the mean of perSequence()");
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
    if (config.decoder() instanceof SamplingDecoder) {
      throw new IllegalArgumentException("the sampling decoder draws each row's noise from its index in the "
          + "batch, so a shard would decode other sequences: use a greedy or beam decoder with Spark workers");
    }
  }

  /** The step this replica stands before. */
  long nextStep() {
    return nextStep;
  }

  /** Every shard's losses of step {@code s}, if this replica ran it last; else null. */
  WorkerEvaluator.Gathered done(long s) {
    return done != null && done.step() == s && nextStep == s + 1 ? done : null;
  }

  /** The checksum of θ. */
  String checksum() {
    return ParameterChecksum.of(parameters.arrays());
  }

  /** Replays a step the replica missed: its update from the recorded losses, no candidate decoded. */
  void replay(StepRecord record) {
    if (record.step() != nextStep) {
      throw new IllegalStateException("replica at step " + nextStep + " was given step " + record.step());
    }
    evaluator.replay(record);
    step.run(record.batch(), record.step());
    nextStep++;
    done = null;
  }

  /**
   * Runs the driver's step on this replica: its shards decoded, every shard's losses exchanged, the update
   * applied.
   *
   * @return what was gathered
   */
  WorkerEvaluator.Gathered run(
      StepTask task,
      java.util.List<Integer> local,
      java.util.function.Consumer<WorkerEvaluator.Gathered> publish,
      java.util.function.Function<String, String[]> exchange) {
    if (task.step != nextStep) {
      throw new IllegalStateException("replica at step " + nextStep + " was asked to run step " + task.step);
    }
    evaluator.shard(task, local, publish, exchange);
    step.run(task.batch(), task.step);
    nextStep++;
    done = evaluator.gathered();
    return done;
  }

  @Override
  public void close() {
    if (step != null) {
      step.close();
    }
    closeModel();
  }

  private void closeModel() {
    if (model instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing a replica's model failed", e);
      }
    }
  }
}
