package io.github.mgs4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.github.mgs4j.core.checkpoint.CheckpointException;
import io.github.mgs4j.core.checkpoint.RunIdentity;
import io.github.mgs4j.core.checkpoint.RunMismatchException;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.loss.NonFiniteLossException;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.ForwardingSequenceModel;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.mrt.MrtConfig;
import io.github.mgs4j.core.mrt.MrtDiagnostics;
import io.github.mgs4j.core.mrt.MrtStep;
import io.github.mgs4j.core.mrt.MrtTrainer;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.pg.PolicyGradientConfig;
import io.github.mgs4j.core.pg.PolicyGradientDiagnostics;
import io.github.mgs4j.core.pg.PolicyGradientStep;
import io.github.mgs4j.core.pg.PolicyGradientTrainer;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.sequence.SequenceLevelDiagnostics;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** MRT and PG in the shared loop: they learn, they resume exactly, they fail cleanly and they do not leak. */
class SequenceLevelTrainersTest {
  private static final CountingTask TASK = new CountingTask(10);
  private static final List<Batch> TRAIN = TASK.batches(8, 8, 1);
  private static final List<Batch> VALID = TASK.batches(2, 16, 99);
  private static final OptimizerConfig ADAM = OptimizerConfig.builder().learningRate(0.02f).weightDecay(0).build();

  static MrtConfig mrt() {
    return MrtConfig.builder().samples(8).alpha(1).optimizer(ADAM).build();
  }

  static PolicyGradientConfig pg() {
    return PolicyGradientConfig.builder().samples(8).optimizer(ADAM).build();
  }

  private static TrainerConfig.Builder loop(long steps) {
    return TrainerConfig.builder().maxSteps(steps).validateEvery(50).patience(0).restoreBest(false).seed(5);
  }

  /**
   * A fresh model (the objectives learn the toy task from scratch; fine-tuning the weak MLE start of the MGS test
   * first flips greedy argmaxes with small margins, which greedy validation punishes).
   */
  private static BigramModel fresh() {
    return new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 3);
  }

  private static <D extends SequenceLevelDiagnostics> void checkLearns(List<Double> history, List<D> steps,
      int expectedSteps, String method) {
    assertEquals(expectedSteps / 50 + 1, history.size(), "validated at start and every 50 steps");
    double start = history.get(0);
    double end = history.get(history.size() - 1);
    System.out.printf("%s validation mismatch: start %.4f -> end %.4f (%s)%n", method, start, end, history);
    assertTrue(end < start * 0.7, method + " should cut the validation task loss: " + history);
    assertTrue(steps.get(steps.size() - 1).meanSampleLoss() < steps.get(0).meanSampleLoss(),
        "the sampled task loss falls too");
    assertEquals(expectedSteps, steps.size());
    for (D d : steps) {
      assertTrue(d.meanSampleLoss() >= 0 && d.meanSampleLoss() <= 1, "mismatch lies in [0, 1]: " + d);
      assertTrue(d.sampleLossVariance() >= 0 && d.gradientNorm() >= 0 && d.decodedTokens() > 0, d.toString());
    }
  }

  @Test
  void mrtLearnsTheToyTask() throws Exception {
    try (BigramModel model = fresh()) {
      List<MrtDiagnostics> steps = new ArrayList<>();
      TrainingResult result = MrtTrainer.builder(model, new MismatchLoss())
          .config(mrt())
          .trainerConfig(loop(200).build())
          .validation(VALID)
          .listener(new TrainingListener<>() {
            @Override
            public void onStep(MrtDiagnostics d) {
              steps.add(d);
            }
          })
          .build()
          .train(TRAIN);
      checkLearns(result.validationHistory(), steps, 200, "MRT");
      for (MrtDiagnostics d : steps) {
        assertTrue(d.candidatesPerExample() >= 1 && d.candidatesPerExample() <= 8, d.toString());
        assertTrue(d.effectiveCandidates() >= 1 - 1e-6 && d.effectiveCandidates() <= d.candidatesPerExample() + 1e-6,
            d.toString());
        assertTrue(Double.isNaN(d.referenceWeight()) && Double.isNaN(d.mleLoss()), d.toString());
      }
    }
  }

  @Test
  void policyGradientLearnsTheToyTask() throws Exception {
    try (BigramModel model = fresh()) {
      List<PolicyGradientDiagnostics> steps = new ArrayList<>();
      TrainingResult result = PolicyGradientTrainer.builder(model, new MismatchLoss())
          .config(pg())
          .trainerConfig(loop(150).build())
          .validation(VALID)
          .listener(new TrainingListener<>() {
            @Override
            public void onStep(PolicyGradientDiagnostics d) {
              steps.add(d);
            }
          })
          .build()
          .train(TRAIN);
      checkLearns(result.validationHistory(), steps, 150, "PG");
      for (PolicyGradientDiagnostics d : steps) {
        assertTrue(d.entropy() >= 0 && d.meanAbsoluteAdvantage() >= 0, d.toString());
      }
    }
  }

  private static TrainerConfig checkpointed(long steps, Path dir) {
    return loop(steps).validateEvery(2).checkpointEvery(1).seed(21).checkpointDirectory(dir).build();
  }

  private static TrainingResult mrt(BigramModel model, TrainerConfig config) throws Exception {
    return MrtTrainer.builder(model, new MismatchLoss()).config(mrt()).trainerConfig(config).validation(VALID)
        .build().train(TRAIN);
  }

  private static TrainingResult pg(BigramModel model, TrainerConfig config) throws Exception {
    return PolicyGradientTrainer.builder(model, new MismatchLoss()).config(pg()).trainerConfig(config)
        .validation(VALID).build().train(TRAIN);
  }

  private interface Run {
    TrainingResult train(BigramModel model, TrainerConfig config) throws Exception;
  }

  private static void resumesExactly(Run run, Path tmp) throws Exception {
    float[] uninterrupted;
    TrainingResult full;
    try (BigramModel model = MgsTrainerTest.mleStart(3, 5)) {
      full = run.train(model, checkpointed(7, tmp.resolve("a")));
      uninterrupted = model.flatParameters();
    }
    try (BigramModel model = MgsTrainerTest.mleStart(3, 5)) {
      run.train(model, checkpointed(3, tmp.resolve("b")));
    }
    try (BigramModel fresh = MgsTrainerTest.mleStart(99, 1)) {
      TrainingResult resumed = run.train(fresh, checkpointed(7, tmp.resolve("b")));
      assertEquals(3, resumed.resumedFrom());
      assertArrayEquals(uninterrupted, fresh.flatParameters());
      assertEquals(full.validationHistory(), resumed.validationHistory());
    }
  }

  @Test
  void resumedRunsEndBitIdenticalToUninterruptedOnes(@TempDir Path tmp) throws Exception {
    resumesExactly(SequenceLevelTrainersTest::mrt, tmp.resolve("mrt"));
    resumesExactly(SequenceLevelTrainersTest::pg, tmp.resolve("pg"));
  }

  @Test
  void aCheckpointOfAnotherMethodIsRejected(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    try (BigramModel model = MgsTrainerTest.mleStart(3, 2)) {
      mrt(model, checkpointed(2, dir));
      CheckpointException e = assertThrows(CheckpointException.class, () -> pg(model, checkpointed(4, dir)));
      assertTrue(e.getMessage().contains("'mrt' checkpoint") && e.getMessage().contains("'pg'"), e.getMessage());
    }
  }

  @Test
  void aChangedHyperParameterIsRefusedNamingIt(@TempDir Path tmp) throws Exception {
    try (BigramModel model = MgsTrainerTest.mleStart(3, 2)) {
      Path mrtDir = tmp.resolve("mrt");
      mrt(model, checkpointed(2, mrtDir));
      float[] before = model.flatParameters();
      RunMismatchException e = assertThrows(RunMismatchException.class,
          () -> MrtTrainer.builder(model, new MismatchLoss()).config(mrt().toBuilder().samples(4).alpha(2).build())
              .trainerConfig(checkpointed(4, mrtDir)).validation(VALID).build().train(TRAIN));
      List<String> fields = e.changes().stream().map(RunIdentity.FieldChange::field).toList();
      assertTrue(fields.containsAll(List.of("step.samples", "step.alpha")), fields.toString());
      assertTrue(e.getMessage().contains("step.samples: 8 in the checkpoint, 4 now"), e.getMessage());
      assertArrayEquals(before, model.flatParameters());

      Path pgDir = tmp.resolve("pg");
      pg(model, checkpointed(2, pgDir));
      RunMismatchException p = assertThrows(RunMismatchException.class,
          () -> PolicyGradientTrainer.builder(model, new MismatchLoss()).config(pg().toBuilder().entropyWeight(0.1).build())
              .trainerConfig(checkpointed(4, pgDir)).validation(VALID).build().train(TRAIN));
      assertEquals(List.of("step.entropy_weight"),
          p.changes().stream().map(RunIdentity.FieldChange::field).toList(), p.getMessage());
    }
  }

  /** A task loss that returns NaN for every sequence. */
  private static final TaskLoss NAN_LOSS = new TaskLoss() {
    @Override
    public String name() {
      return "nan";
    }

    @Override
    public double[] perSequence(Batch batch, DecodedBatch decoded) {
      double[] out = new double[batch.size()];
      java.util.Arrays.fill(out, Double.NaN);
      return out;
    }
  };

  @Test
  void aNonFiniteTaskLossStopsTheStepBeforeAnythingChanges() {
    Batch batch = TRAIN.get(0);
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 1)) {
      float[] before = model.flatParameters();
      try (MrtStep step = new MrtStep(model, NAN_LOSS, mrt(), new SeedStream(1))) {
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> step.run(batch, 0));
        assertTrue(e.getMessage().contains("nan"), e.getMessage());
      }
      try (PolicyGradientStep step = new PolicyGradientStep(model, NAN_LOSS, pg(), new SeedStream(1))) {
        assertThrows(NonFiniteLossException.class, () -> step.run(batch, 0));
      }
      assertArrayEquals(before, model.flatParameters());
    }
  }

  @Test
  void aModelWithoutSequenceLogProbabilitiesIsNamed() {
    try (BigramModel bigram = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 1)) {
      SequenceModel plain = new SequenceModel() {
        @Override
        public PairList<String, Parameter> parameters() {
          return bigram.parameters();
        }

        @Override
        public NDArray mleLoss(NDManager manager, Batch batch, boolean training) {
          return bigram.mleLoss(manager, batch, training);
        }

        @Override
        public DecodingSession startDecoding(NDManager manager, int[][] contexts) {
          return bigram.startDecoding(manager, contexts);
        }

        @Override
        public double[] continuationLogProbability(NDManager manager, int[][] contexts, int[][] continuations) {
          return bigram.continuationLogProbability(manager, contexts, continuations);
        }

        @Override
        public int eosId() {
          return bigram.eosId();
        }

        @Override
        public int vocabularySize() {
          return bigram.vocabularySize();
        }
      };
      try (MrtStep step = new MrtStep(plain, new MismatchLoss(), mrt(), new SeedStream(1))) {
        UnsupportedOperationException e =
            assertThrows(UnsupportedOperationException.class, () -> step.run(TRAIN.get(0), 0));
        assertTrue(e.getMessage().contains("sequenceLogProbability"), e.getMessage());
      }
      SequenceModel forwarding = new ForwardingSequenceModel(bigram) {};
      try (NDManager m = NDManager.newBaseManager()) {
        int[][] contexts = {{1, 2}, {3}};
        int[][] continuations = {{3, 4, TASK.eos()}, {TASK.eos()}};
        float[] viaWrapper = forwarding.sequenceLogProbability(m, contexts, continuations, false).toFloatArray();
        double[] direct = bigram.continuationLogProbability(m, contexts, continuations);
        for (int i = 0; i < direct.length; i++) {
          assertEquals(direct[i], viaWrapper[i], 1e-5);
        }
      }
    }
  }

  private static int liveArrays(BigramModel model) {
    NDManager owner = model.parameters().valueAt(0).getArray().getManager();
    return ((BaseNDManager) owner).getManagedArrays().size();
  }

  @Test
  void stepsDoNotLeakNativeArrays() {
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 1);
        MrtStep mrt = new MrtStep(model, new MismatchLoss(), mrt(), new SeedStream(1));
        PolicyGradientStep pg = new PolicyGradientStep(model, new MismatchLoss(), pg(), new SeedStream(1))) {
      mrt.run(TRAIN.get(0), 0);
      pg.run(TRAIN.get(0), 0);
      int after = liveArrays(model);
      for (int s = 1; s < 30; s++) {
        mrt.run(TRAIN.get(s % TRAIN.size()), s);
        pg.run(TRAIN.get(s % TRAIN.size()), s);
      }
      assertEquals(after, liveArrays(model), "live native arrays after 1 vs 30 steps of each");
    }
  }

  private static void rejects(Executable build, String mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    assertTrue(e.getMessage().contains(mentions), e.getMessage());
  }

  @Test
  void configsNameTheInvalidField() {
    rejects(() -> MrtConfig.builder().samples(-1).build(), "samples");
    rejects(() -> MrtConfig.builder().samples(0).build(), "candidate set is empty");
    rejects(() -> MrtConfig.builder().alpha(0).build(), "alpha");
    rejects(() -> MrtConfig.builder().alpha(Double.POSITIVE_INFINITY).build(), "alpha");
    rejects(() -> MrtConfig.builder().mleWeight(1).build(), "mleWeight");
    rejects(() -> MrtConfig.builder().clipNorm(0).build(), "clipNorm");
    rejects(() -> MrtConfig.builder().beamCandidates(-2).build(), "beamCandidates");
    rejects(() -> PolicyGradientConfig.builder().samples(0).build(), "samples");
    rejects(() -> PolicyGradientConfig.builder().samples(1).build(), "leave-one-out");
    rejects(() -> PolicyGradientConfig.builder().entropyWeight(-0.1).build(), "entropyWeight");
    assertEquals(1, PolicyGradientConfig.builder().samples(1).baseline(PolicyGradientConfig.Baseline.NONE).build()
        .samples());
    MrtConfig edunov = MrtConfig.edunov2018();
    assertEquals(16, edunov.beamCandidates());
    assertEquals(0.5, edunov.mleWeight());
    assertEquals(edunov.toString(), edunov.toBuilder().build().toString());
  }
}
