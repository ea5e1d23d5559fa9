package io.github.mgs4j.examples.bench;

import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.examples.experiment.MgsRun;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import io.github.mgs4j.spark.ReplicaSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * How a Spark worker rebuilds {@code bench}'s step: the same model (checkpoint, bundled, or random GPT-2 124M),
 * edit distance, hyper-parameters and seed.
 *
 * @param modelDirectory the checkpoint directory, or null
 * @param randomConfig {@code gpt2-124m}, or null
 * @param ignoreEos whether rows decode to the length limit
 * @param candidates K
 * @param settings the driver's execution settings
 * @param seed the run's seed
 */
record BenchReplicaSetup(
    String modelDirectory, String randomConfig, boolean ignoreEos, int candidates, MgsRun.Execution settings,
    long seed) implements ReplicaSetup {

  @Override
  public SequenceModel createModel() {
    try {
      Gpt2Model gpt2 = BenchCommand.loadModel(modelDirectory == null ? null : Path.of(modelDirectory), randomConfig);
      return ignoreEos ? new FullLengthModel(gpt2) : gpt2;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TaskLoss createTaskLoss() {
    return new EditDistanceLoss(eos(), true);
  }

  /** The model's EOS id (GPT-2's for the random model; else read from a loaded copy). */
  private int eos() {
    if (randomConfig != null) {
      return 50256;
    }
    try (Gpt2Model gpt2 = BenchCommand.loadModel(modelDirectory == null ? null : Path.of(modelDirectory), null)) {
      return gpt2.eosId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public MgsConfig config() {
    return BenchCommand.config(candidates);
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public ExecutionConfig execution() {
    return settings.config();
  }
}
