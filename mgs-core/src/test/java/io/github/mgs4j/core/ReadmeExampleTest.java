package io.github.mgs4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.train.MgsTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's usage snippet compiling and true: the README must contain this method verbatim. */
class ReadmeExampleTest {

  // README-SNIPPET-BEGIN
  static TrainingResult fineTune(SequenceModel model, TaskLoss taskLoss, List<Batch> train, List<Batch> valid)
      throws IOException {
    MgsConfig mgs = MgsConfig.builder()
        .candidates(4)          // K
        .alpha(10)              // weight on the task-loss improvement
        .build();               // greedy decoding, per-tensor noise, AdamW: the paper's defaults
    TrainerConfig loop = TrainerConfig.builder()
        .maxSteps(2_000)
        .validateEvery(100)     // validation task loss every 100 batches
        .patience(10)           // early stopping, as in the paper
        .checkpointDirectory(Path.of("checkpoints"))
        .seed(42)
        .build();
    return MgsTrainer.builder(model, taskLoss)
        .config(mgs)
        .trainerConfig(loop)
        .validation(valid)
        .build()
        .train(train);          // resumes exactly if "checkpoints" holds a checkpoint
  }
  // README-SNIPPET-END

  @Test
  void readmeContainsTheCompiledSnippet() throws IOException {
    String source = Files.readString(Path.of("src/test/java/io/github/mgs4j/core/ReadmeExampleTest.java"));
    String snippet = source.substring(
        source.indexOf('\n', source.indexOf("// README-SNIPPET-BEGIN")) + 1,
        source.indexOf("  // README-SNIPPET-END"));
    String readme = Files.readString(Path.of("../README.md"));
    assertTrue(readme.contains(snippet.stripTrailing().stripIndent().strip()),
        "README.md must contain the snippet of ReadmeExampleTest verbatim (dedented):\n" + snippet.stripIndent());
  }

  @Test
  void theSnippetRuns(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    CountingTask task = new CountingTask(6);
    String previous = System.getProperty("user.dir");
    try (BigramModel model = new BigramModel(task.vocabulary(), 4, task.eos(), 1)) {
      TrainingResult result = fineTune(model, new MismatchLoss(), task.batches(2, 4, 1), task.batches(1, 4, 2));
      assertTrue(result.stepsCompleted() > 0);
      assertEquals(previous, System.getProperty("user.dir"));
    } finally {
      deleteCheckpoints();
    }
  }

  private static void deleteCheckpoints() throws IOException {
    Path dir = Path.of("checkpoints");
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
