package io.github.mgs4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.checkpoint.CheckpointException;
import io.github.mgs4j.core.checkpoint.CheckpointStore;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointResumeTest {
  private static final CountingTask TASK = new CountingTask(10);
  private static final List<Batch> TRAIN = TASK.batches(5, 6, 1);
  private static final List<Batch> VALID = TASK.batches(1, 8, 2);

  private static TrainerConfig config(long steps, Path dir) {
    return TrainerConfig.builder()
        .maxSteps(steps)
        .validateEvery(2)
        .patience(0)
        .restoreBest(false)
        .checkpointEvery(1)
        .seed(21)
        .checkpointDirectory(dir)
        .build();
  }

  private static TrainingResult mgs(BigramModel model, TrainerConfig config) throws Exception {
    return MgsTrainer.builder(model, new MismatchLoss())
        .config(MgsTrainerTest.mgsConfig())
        .trainerConfig(config)
        .validation(VALID)
        .build()
        .train(TRAIN);
  }

  @Test
  void aResumedRunEndsBitIdenticalToAnUninterruptedOne(@TempDir Path tmp) throws Exception {
    float[] uninterrupted;
    TrainingResult full;
    try (BigramModel model = MgsTrainerTest.mleStart(3, 5)) {
      full = mgs(model, config(7, tmp.resolve("a")));
      uninterrupted = model.flatParameters();
    }
    try (BigramModel model = MgsTrainerTest.mleStart(3, 5)) {
      mgs(model, config(3, tmp.resolve("b")));
    }
    TrainingResult resumed;
    try (BigramModel fresh = MgsTrainerTest.mleStart(99, 1)) {
      resumed = mgs(fresh, config(7, tmp.resolve("b")));
      assertEquals(3, resumed.resumedFrom());
      assertArrayEquals(uninterrupted, fresh.flatParameters());
    }
    // Validated at the start, after steps 2, 4 and 6, and after the last step 7; the 3-step run's own final
    // validation (after step 3) is in no checkpoint, so the resumed run does not see it.
    assertEquals(5, full.validationHistory().size(), full.validationHistory().toString());
    assertEquals(full.validationHistory(), resumed.validationHistory());
    assertEquals(7, resumed.stepsCompleted());
  }

  @Test
  void aCorruptCheckpointIsRejectedBeforeAnythingChanges(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = MgsTrainerTest.mleStart(3, 2)) {
      mgs(model, config(2, dir));
    }
    Path latest = new CheckpointStore(dir, 2).latest().orElseThrow();
    Path params = latest.resolve("parameters.safetensors");
    byte[] bytes = Files.readAllBytes(params);
    bytes[bytes.length - 3] ^= 0x40;
    Files.write(params, bytes);
    try (BigramModel model = MgsTrainerTest.mleStart(4, 1)) {
      float[] before = model.flatParameters();
      CheckpointException e = assertThrows(CheckpointException.class, () -> mgs(model, config(4, dir)));
      assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("parameters.safetensors"),
          e.getMessage());
      assertArrayEquals(before, model.flatParameters());
    }
  }

  @Test
  void aCheckpointOfAnotherModelOrKindIsRejected(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = MgsTrainerTest.mleStart(3, 2)) {
      mgs(model, config(2, dir));
    }
    try (BigramModel wider = new BigramModel(TASK.vocabulary(), 12, TASK.eos(), 1)) {
      CheckpointException e = assertThrows(CheckpointException.class, () -> mgs(wider, config(4, dir)));
      assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 1)) {
      CheckpointException e = assertThrows(CheckpointException.class, () ->
          MleTrainer.builder(model).trainerConfig(config(4, dir)).build().train(TRAIN));
      assertTrue(e.getMessage().contains("'mgs' checkpoint"), e.getMessage());
    }
    // Another tool's folder: its own state.json and no checksum manifest.
    Files.writeString(dir.resolve("checkpoint-000000002").resolve("state.json"), "{\"format\":\"other\"}");
    Files.delete(dir.resolve("checkpoint-000000002").resolve("SHA256SUMS"));
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 1)) {
      CheckpointException e = assertThrows(CheckpointException.class, () -> mgs(model, config(4, dir)));
      assertTrue(e.getMessage().contains("foreign"), e.getMessage());
    }
  }

  @Test
  void aDifferentSeedRefusesToResume(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = MgsTrainerTest.mleStart(3, 2)) {
      mgs(model, config(2, dir));
      TrainerConfig other = TrainerConfig.builder().maxSteps(4).seed(22).checkpointDirectory(dir).build();
      CheckpointException e = assertThrows(CheckpointException.class, () -> mgs(model, other));
      assertTrue(e.getMessage().contains("seed"), e.getMessage());
    }
  }

  @Test
  void earlyStoppingRestoresTheBestParameters(@TempDir Path tmp) throws Exception {
    try (BigramModel model = MgsTrainerTest.mleStart(3, 8)) {
      TrainingResult result = MgsTrainer.builder(model, new MismatchLoss())
          .config(MgsTrainerTest.mgsConfig())
          .trainerConfig(TrainerConfig.builder().maxSteps(200).validateEvery(5).patience(2).seed(3)
              .checkpointDirectory(tmp.resolve("best")).build())
          .validation(VALID)
          .build()
          .train(TRAIN);
      assertTrue(result.stoppedEarly(), "a solved toy task must stop early: " + result);
      double best = result.validationHistory().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      assertEquals(best, result.bestValidation());
      double now = new TaskLossValidator(VALID, new MismatchLoss(), new io.github.mgs4j.core.decode.GreedyDecoder(),
          io.github.mgs4j.core.decode.DecodeLength.PAPER).validate(model, ai.djl.ndarray.NDManager.newBaseManager());
      assertEquals(best, now, 1e-12, "the best parameters are restored");
    }
  }
}
