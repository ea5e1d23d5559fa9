package io.github.mgs4j.core.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.core.checkpoint.CheckpointException;
import io.github.mgs4j.core.checkpoint.CheckpointStore;
import io.github.mgs4j.core.checkpoint.RunIdentity;
import io.github.mgs4j.core.checkpoint.RunMismatchException;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import io.github.mgs4j.core.train.MgsTrainer;
import io.github.mgs4j.core.train.MleTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingListener;
import io.github.mgs4j.core.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed or damaged run is never resumed silently; nothing is changed when resuming is refused. */
class ResumeFaultsTest {
  private static final CountingTask TASK = new CountingTask(10);
  private static final List<Batch> TRAIN = TASK.batches(5, 6, 1);
  private static final List<Batch> VALID = TASK.batches(1, 8, 2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BigramModel model() throws Exception {
    BigramModel model = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 3);
    MleTrainer.builder(model)
        .optimizer(OptimizerConfig.builder().learningRate(0.02f).weightDecay(0).build())
        .trainerConfig(TrainerConfig.builder().maxSteps(2).validateEvery(0).seed(3).build())
        .build()
        .train(TASK.batches(4, 8, 1));
    return model;
  }

  private static TrainerConfig.Builder loop(long steps, Path dir) {
    return TrainerConfig.builder().maxSteps(steps).validateEvery(2).patience(0).restoreBest(false)
        .checkpointEvery(1).seed(21).checkpointDirectory(dir);
  }

  private static MgsConfig mgs(int k, double alpha) {
    return MgsConfig.builder().candidates(k).alpha(alpha)
        .optimizer(OptimizerConfig.builder().learningRate(0.02f).weightDecay(0).build()).build();
  }

  private static TrainingResult train(
      BigramModel model, MgsConfig config, TaskLoss loss, TrainerConfig loop, List<Batch> train) throws Exception {
    return MgsTrainer.builder(model, loss).config(config).trainerConfig(loop).validation(VALID).build()
        .train(train);
  }

  /** Another task loss: {@link MismatchLoss} + 10, under another name (its values never beat the original's). */
  private static final class RenamedLoss implements TaskLoss {
    private final MismatchLoss inner = new MismatchLoss();

    @Override
    public String name() {
      return "other-loss";
    }

    @Override
    public double[] perSequence(Batch batch, io.github.mgs4j.core.decode.DecodedBatch decoded) {
      double[] losses = inner.perSequence(batch, decoded);
      for (int i = 0; i < losses.length; i++) {
        losses[i] += 10;
      }
      return losses;
    }
  }

  @Test
  void aChangedTaskLossKAndAlphaAreRefusedNamingEachField(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = model()) {
      train(model, mgs(4, 10), new MismatchLoss(), loop(2, dir).build(), TRAIN);
      float[] before = model.flatParameters();
      RunMismatchException e = assertThrows(RunMismatchException.class,
          () -> train(model, mgs(2, 1), new RenamedLoss(), loop(4, dir).build(), TRAIN));
      List<String> fields = e.changes().stream().map(RunIdentity.FieldChange::field).toList();
      assertTrue(fields.containsAll(List.of("step.candidates", "step.alpha", "step.task_loss",
          "validation.task_loss")), fields.toString());
      assertTrue(e.getMessage().contains("step.candidates: 4 in the checkpoint, 2 now"), e.getMessage());
      assertTrue(e.getMessage().contains("--resume-changed"), e.getMessage());
      assertArrayEquals(before, model.flatParameters());
    }
  }

  @Test
  void otherDataOrAnotherSeedIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = model()) {
      train(model, mgs(4, 10), new MismatchLoss(), loop(2, dir).build(), TRAIN);
      RunMismatchException data = assertThrows(RunMismatchException.class,
          () -> train(model, mgs(4, 10), new MismatchLoss(), loop(4, dir).build(), TASK.batches(5, 4, 1)));
      List<String> fields = data.changes().stream().map(RunIdentity.FieldChange::field).toList();
      assertTrue(fields.contains("data.train_sha256") && fields.contains("data.train_examples"), fields.toString());
      RunMismatchException seed = assertThrows(RunMismatchException.class,
          () -> train(model, mgs(4, 10), new MismatchLoss(), loop(4, dir).seed(22).build(), TRAIN));
      assertTrue(seed.getMessage().contains("loop.seed: 21 in the checkpoint, 22 now"), seed.getMessage());
    }
  }

  @Test
  void theOverrideContinuesAndRecordsTheChangeInTheCheckpoint(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = model()) {
      train(model, mgs(4, 10), new MismatchLoss(), loop(2, dir).build(), TRAIN);
      TrainingResult resumed = train(model, mgs(2, 10), new MismatchLoss(),
          loop(4, dir).resumeWithChangedSettings(true).build(), TRAIN);
      assertEquals(2, resumed.resumedFrom());
      assertEquals(4, resumed.stepsCompleted());
    }
    Path latest = new CheckpointStore(dir, 2).latest().orElseThrow();
    JsonNode state = JSON.readTree(latest.resolve("state.json").toFile());
    assertEquals("2", state.path("identity").path("step.candidates").asText());
    JsonNode override = state.path("resume_overrides").get(0);
    assertEquals(2, override.path("at_step").asLong());
    assertEquals("step.candidates", override.path("changes").get(0).path("field").asText());
    assertEquals("4", override.path("changes").get(0).path("saved").asText());
    assertEquals("2", override.path("changes").get(0).path("current").asText());
    // The same settings again resume without a word, and the record stays.
    try (BigramModel model = model()) {
      train(model, mgs(2, 10), new MismatchLoss(), loop(5, dir).build(), TRAIN);
    }
    JsonNode later = JSON.readTree(new CheckpointStore(dir, 2).latest().orElseThrow().resolve("state.json").toFile());
    assertEquals(1, later.path("resume_overrides").size());
  }

  @Test
  void anOverriddenValidationChoosesTheBestAfresh(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = model()) {
      TrainingResult first = train(model, mgs(4, 10), new MismatchLoss(), loop(2, dir).build(), TRAIN);
      assertTrue(first.bestStep() >= 0);
      TrainingResult resumed = train(model, mgs(4, 10), new RenamedLoss(),
          loop(4, dir).resumeWithChangedSettings(true).build(), TRAIN);
      assertEquals(4, resumed.bestStep(), "only the validation after step 4 used the new loss");
    }
  }

  @Test
  void anEditedStateJsonIsCaughtByTheChecksum(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = model()) {
      train(model, mgs(4, 10), new MismatchLoss(), loop(3, dir).build(), TRAIN);
      Path state = new CheckpointStore(dir, 2).latest().orElseThrow().resolve("state.json");
      Files.writeString(state, Files.readString(state).replace("\"next_step\" : 3", "\"next_step\" : 1"));
      float[] before = model.flatParameters();
      CheckpointException e = assertThrows(CheckpointException.class,
          () -> train(model, mgs(4, 10), new MismatchLoss(), loop(5, dir).build(), TRAIN));
      assertTrue(e.getMessage().contains("state.json") && e.getMessage().contains("corrupt"), e.getMessage());
      assertArrayEquals(before, model.flatParameters());
    }
  }

  @Test
  void checkpointsWithoutLatestAreAnErrorNotAFreshStart(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = model()) {
      train(model, mgs(4, 10), new MismatchLoss(), loop(2, dir).build(), TRAIN);
      Files.delete(dir.resolve("latest"));
      CheckpointException e = assertThrows(CheckpointException.class,
          () -> train(model, mgs(4, 10), new MismatchLoss(), loop(4, dir).build(), TRAIN));
      assertTrue(e.getMessage().contains("no 'latest' pointer") && e.getMessage().contains("checkpoint-000000002"),
          e.getMessage());
    }
  }

  @Test
  void leftoversOfACrashedWriteAreCleanedAndAReplacedBestIsRecovered(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = model()) {
      train(model, mgs(4, 10), new MismatchLoss(), loop(2, dir).restoreBest(true).build(), TRAIN);
    }
    Path partial = Files.createDirectories(dir.resolve(".checkpoint-000000003.tmp-123"));
    Files.writeString(partial.resolve("parameters.safetensors"), "half written");
    // A crash between moving the old best aside and moving the new one in.
    Files.move(dir.resolve("best"), dir.resolve(".best.old-456"));
    List<Path> cleaned = new CheckpointStore(dir, 2).prepare();
    assertEquals(2, cleaned.size());
    assertFalse(Files.exists(partial));
    assertTrue(Files.isRegularFile(dir.resolve("best").resolve("state.json")));
    assertFalse(Files.exists(dir.resolve(".best.old-456")));
  }

  @Test
  void anUnwritableCheckpointDirectoryFailsBeforeTheFirstStep(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    AtomicInteger steps = new AtomicInteger();
    try (BigramModel model = model()) {
      float[] before = model.flatParameters();
      Exception e = assertThrows(Exception.class, () -> MgsTrainer.builder(model, new MismatchLoss())
          .config(mgs(4, 10))
          .trainerConfig(loop(4, file.resolve("checkpoints")).build())
          .listener(new TrainingListener<Object>() {
            @Override
            public void onStep(Object diagnostics) {
              steps.incrementAndGet();
            }
          })
          .build()
          .train(TRAIN));
      assertTrue(e.getMessage().contains("not writable") && e.getMessage().contains("a-file"), e.getMessage());
      assertEquals(0, steps.get());
      assertArrayEquals(before, model.flatParameters());
    }
  }
}
