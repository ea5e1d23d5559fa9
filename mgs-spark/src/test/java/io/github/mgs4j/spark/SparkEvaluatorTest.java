package io.github.mgs4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.execution.DirectionStorage;
import io.github.mgs4j.core.execution.Evaluators;
import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.search.MgsStep;
import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.train.MgsTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** W Spark workers in this JVM ({@code local[4]}) give the single-process step bit for bit. */
class SparkEvaluatorTest {
  private static final BigramSetup SETUP = new BigramSetup(9, 5, false);
  private static JavaSparkContext spark;

  @BeforeAll
  static void start() {
    spark = new JavaSparkContext(new SparkConf().setMaster("local[4]").setAppName("mgs-spark-test")
        .set("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Every step's diagnostics that do not measure time, and θ at the end. */
  record Run(List<String> steps, float[] parameters) {}

  static Run run(ReplicaSetup setup, ExecutionConfig execution, List<Batch> batches) {
    try (BigramModel model = (BigramModel) setup.createModel();
        MgsStep step = new MgsStep(model, setup.createTaskLoss(), setup.config(), execution,
            new SeedStream(setup.seed()))) {
      List<String> steps = new java.util.ArrayList<>();
      for (int s = 0; s < batches.size(); s++) {
        steps.add(withoutTimes(step.run(batches.get(s), s)));
      }
      return new Run(steps, model.flatParameters());
    }
  }

  /** Every number of a step's diagnostics except its times (Double.toString round-trips exactly). */
  static String withoutTimes(StepDiagnostics d) {
    return String.join(" ", "step=" + d.step(), "C=" + d.baseLoss(),
        "losses=" + Arrays.toString(d.candidateLosses()), "fromMle=" + Arrays.toString(d.fromMle()),
        "logq=" + Arrays.toString(d.logProposal()), "w=" + Arrays.toString(d.weights()),
        "std=" + d.weightStd(), "ess=" + d.effectiveSampleSize(), "mleShare=" + d.mleWeightShare(),
        "mle=" + d.mleLoss(), "grad=" + d.gradientNorm(), "update=" + d.updateNorm(),
        "tokens=" + d.decodedTokens());
  }

  static ExecutionConfig inProcess() {
    return ExecutionConfig.builder().evaluator(Evaluators.inPlace()).directionStorage(DirectionStorage.REGENERATED)
        .build();
  }

  static ExecutionConfig onSpark(SparkEvaluator evaluator) {
    return ExecutionConfig.builder().evaluator(evaluator).build();
  }

  @Test
  void wWorkersOnUnevenShardsGiveTheSingleProcessRunBitForBit() {
    // 7 rows: shards of 7; 4 + 3; 3 + 2 + 2.
    List<Batch> batches = BigramSetup.TASK.batches(4, 7, 11);
    Run expected = run(SETUP, inProcess(), batches);
    for (int workers = 1; workers <= 3; workers++) {
      SparkEvaluator evaluator = SparkEvaluator.builder(spark, SETUP).workers(workers).checksumEvery(2).build();
      Run distributed = run(SETUP, onSpark(evaluator), batches);
      assertEquals(expected.steps(), distributed.steps(), "diagnostics with " + workers + " workers");
      assertArrayEquals(expected.parameters(), distributed.parameters(), "θ after 4 steps, " + workers + " workers");
      StepTraffic traffic = evaluator.traffic();
      assertEquals(4, traffic.steps());
      assertEquals(4, traffic.stages(), "one barrier stage per step");
      assertTrue(traffic.exchanged() > 0 && traffic.toWorkers() > 0 && traffic.toDriver() > 0, traffic.toString());
    }
  }

  private static float[] train(ExecutionConfig execution, long steps, Path checkpoints) throws IOException {
    try (BigramModel model = (BigramModel) SETUP.createModel()) {
      TrainerConfig.Builder loop = TrainerConfig.builder().maxSteps(steps).seed(SETUP.seed()).restoreBest(false);
      if (checkpoints != null) {
        loop.checkpointDirectory(checkpoints).checkpointEvery(1);
      }
      MgsTrainer.builder(model, SETUP.createTaskLoss()).config(SETUP.config()).execution(execution)
          .trainerConfig(loop.build()).build().train(BigramSetup.TASK.batches(3, 5, 2));
      return model.flatParameters();
    }
  }

  /**
   * The driver dies after step 2 and a new one resumes from the run's checkpoint: its workers start from the
   * same checkpoint, and the run ends as the uninterrupted single-process run, bit for bit.
   */
  @Test
  void aDriverResumedFromItsCheckpointContinuesTheRunBitForBit(@TempDir Path tmp) throws IOException {
    float[] uninterrupted = train(inProcess(), 5, null);
    Path checkpoints = tmp.resolve("run");
    SparkEvaluator first = SparkEvaluator.builder(spark, SETUP).workers(2).checkpointDirectory(checkpoints).build();
    train(onSpark(first), 2, checkpoints);
    SparkEvaluator second = SparkEvaluator.builder(spark, SETUP).workers(2).checkpointDirectory(checkpoints).build();
    assertArrayEquals(uninterrupted, train(onSpark(second), 5, checkpoints));
    assertEquals(3, second.traffic().steps());
    assertEquals(3, second.traffic().stages(), "the workers started at the checkpoint: no catch-up stage");
  }

  @Test
  void aResumedDriverWhoseWorkersCannotReadTheCheckpointsIsToldWhatToGive(@TempDir Path tmp) throws IOException {
    Path checkpoints = tmp.resolve("run");
    train(onSpark(SparkEvaluator.builder(spark, SETUP).workers(2).build()), 2, checkpoints);
    SparkEvaluator blind = SparkEvaluator.builder(spark, SETUP).workers(2).build();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> train(onSpark(blind), 4, checkpoints));
    assertTrue(e.getMessage().contains("stands before step 0") && e.getMessage().contains("checkpoint directory"),
        e.getMessage());
  }
}
