package io.github.mgs4j.examples.experiment;

import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.spark.ReplicaSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * How a Spark worker builds its replica of an {@link MgsRun} of the example: the GPT-2 checkpoint directory
 * (which every worker must be able to read) or the bundled model (which every worker extracts from the jar), the
 * task loss by name, and the run's hyper-parameters and seed.
 *
 * @param modelDirectory the checkpoint directory, or null for the bundled model
 * @param loss the task loss's name ({@link TaskLosses#byName})
 * @param run the run (its hyper-parameters and seed; its execution settings apply to the replica's step)
 */
public record Gpt2ReplicaSetup(String modelDirectory, String loss, MgsRun run) implements ReplicaSetup {

  private Path directory() {
    try {
      return modelDirectory == null ? BundledModel.extract() : Path.of(modelDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("a worker cannot extract the bundled model", e);
    }
  }

  @Override
  public SequenceModel createModel() {
    try {
      return Gpt2Checkpoint.load(directory());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TaskLoss createTaskLoss() {
    Path dir = directory();
    try {
      TextTokenizer tokenizer = TextTokenizer.fromDirectory(dir);
      return TaskLosses.byName(loss, Gpt2Checkpoint.load(dir), tokenizer::decode);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public MgsConfig config() {
    return run.config();
  }

  @Override
  public long seed() {
    return run.seed();
  }

  @Override
  public ExecutionConfig execution() {
    return run.execution().config();
  }
}
