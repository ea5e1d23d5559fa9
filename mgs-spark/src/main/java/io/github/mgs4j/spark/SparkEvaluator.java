package io.github.mgs4j.spark;

import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.search.CandidateEvaluator;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Evaluates each step's candidates on W Spark workers in barrier execution mode; plug it in through
 * {@code ExecutionConfig.builder().evaluator(...)} and the driver's step runs unchanged.
 *
 * <p>Per step the driver sends every worker the step index, the batch and the K candidates' seeds and components;
 * each worker (one model replica per executor JVM) computes the same MLE gradient and σ, draws the K candidates
 * from their seeds, decodes its shard of the batch's rows with each θ + Δ_k, and exchanges its per-row losses
 * with every other worker ({@code allGather}); every replica and the driver then pool the same losses, compute
 * the same weights and apply the same update, so parameters never cross the network. The step's bytes grow with
 * W, K and the batch, never with the model. A stage whose task fails (a lost executor) is retried as a whole by
 * Spark, so no update is ever made from part of the losses; a replica that missed steps (a new executor) catches
 * up from the latest checkpoint, if the run has a {@linkplain Builder#checkpointDirectory directory shared with
 * the workers}, and the driver's record of the steps since; a parameter checksum, every
 * {@linkplain Builder#checksumEvery N steps}, after a catch-up and whenever two workers' candidates differ, finds a
 * replica that drifted, which is dropped and rebuilt the same way. See {@code docs/distributed.md}.
 */
public final class SparkEvaluator implements CandidateEvaluator.Factory {
  private final JavaSparkContext spark;
  private final ReplicaSetup setup;
  private final int workers;
  private final int checksumEvery;
  private final Path checkpointDirectory;
  private StepTraffic traffic = StepTraffic.NONE;

  private SparkEvaluator(Builder b) {
    this.spark = b.spark;
    this.setup = b.setup;
    this.workers = b.workers > 0 ? b.workers : spark.defaultParallelism();
    this.checksumEvery = b.checksumEvery;
    this.checkpointDirectory = b.checkpointDirectory;
  }

  /**
   * A builder.
   *
   * @param spark the application's Spark context (its master decides where the workers run: {@code local[N]} in
   *     this JVM, a cluster's URL otherwise)
   * @param setup how each worker builds its replica: the driver's model θ₀, task loss, config and seed
   */
  public static Builder builder(JavaSparkContext spark, ReplicaSetup setup) {
    return new Builder(spark, setup);
  }

  @Override
  public CandidateEvaluator create(SequenceModel model, TrainableParameters parameters) {
    return new SparkCandidateEvaluator(this, spark, setup, parameters);
  }

  /** W, the barrier tasks (and row shards) per step. */
  public int workers() {
    return workers;
  }

  int checksumEvery() {
    return checksumEvery;
  }

  String checkpointDirectory() {
    return checkpointDirectory == null ? null : checkpointDirectory.toAbsolutePath().toString();
  }

  /** The bytes exchanged by every step evaluated so far through this factory. */
  public synchronized StepTraffic traffic() {
    return traffic;
  }

  synchronized void record(StepTraffic step) {
    traffic = traffic.plus(step);
  }

  @Override
  public String toString() {
    return "spark(" + workers + " workers, " + spark.master() + ")";
  }

  /** Builder for {@link SparkEvaluator}. */
  public static final class Builder {
    private final JavaSparkContext spark;
    private final ReplicaSetup setup;
    private int workers;
    private int checksumEvery = 50;
    private Path checkpointDirectory;

    private Builder(JavaSparkContext spark, ReplicaSetup setup) {
      this.spark = Objects.requireNonNull(spark, "spark");
      this.setup = Objects.requireNonNull(setup, "setup");
    }

    /** Sets W ≥ 1 (default: the context's default parallelism); each needs a task slot at once. */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be >= 1, got " + workers);
      }
      this.workers = workers;
      return this;
    }

    /** Sets how often (in steps, ≥ 1) every replica proves it holds the driver's θ (default 50). */
    public Builder checksumEvery(int steps) {
      if (steps < 1) {
        throw new IllegalArgumentException("checksum interval must be >= 1 step, got " + steps);
      }
      this.checksumEvery = steps;
      return this;
    }

    /**
     * Sets the run's checkpoint directory, readable by every worker (a shared filesystem on a cluster): a new
     * replica starts from its latest checkpoint instead of θ₀, so it replays only the steps since, and a
     * resumed driver's workers start where it does.
     */
    public Builder checkpointDirectory(Path directory) {
      this.checkpointDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Builds the factory. */
    public SparkEvaluator build() {
      return new SparkEvaluator(this);
    }
  }
}
