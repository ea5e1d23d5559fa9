package io.github.mgs4j.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.execution.DirectionStorage;
import io.github.mgs4j.core.execution.Evaluators;
import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.loss.NonFiniteLossException;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.ForwardingSequenceModel;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.GradientClipping;
import io.github.mgs4j.core.optim.MleGradient;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class MgsStepTest {
  private static final CountingTask TASK = new CountingTask(8);
  private static final Batch BATCH = TASK.batches(1, 6, 3).get(0);

  @Test
  void withOneMleCandidateAndNoNoiseTheUpdateIsMinusTheClippedMleGradient() {
    float lr = 0.1f;
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 1);
        BigramModel reference = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 1)) {
      MgsConfig config = MgsConfig.builder()
          .candidates(1)
          .assignment(ComponentAssignment.MLE_ONLY)
          .noiseMultiplier(1e-12)
          .updateClipNorm(1e9)
          .mleClipNorm(0.5)
          .optimizer(OptimizerConfig.builder().kind(OptimizerConfig.Kind.SGD).learningRate(lr).build())
          .build();
      try (MgsStep step = new MgsStep(model, new MismatchLoss(), config, new SeedStream(1))) {
        step.run(BATCH, 0);
      }
      float[] expected;
      TrainableParameters p = TrainableParameters.of(reference);
      try (NDManager scope = p.manager().newSubManager()) {
        MleGradient.compute(reference, p, BATCH, false, scope);
        List<NDArray> grads = new ArrayList<>();
        for (int w = 0; w < p.count(); w++) {
          NDArray g = p.gradient(w);
          g.attach(scope);
          grads.add(g);
        }
        GradientClipping.clipInPlace(grads, 0.5);
        for (int w = 0; w < p.count(); w++) {
          p.array(w).subi(grads.get(w).mul(lr));
        }
        expected = reference.flatParameters();
      }
      float[] actual = model.flatParameters();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-6, "parameter " + i);
      }
    }
  }

  @ParameterizedTest(name = "candidate replicas = {0}, directions {1}")
  @CsvSource({"0, ACCUMULATOR", "2, ACCUMULATOR", "0, REGENERATED", "2, REGENERATED"})
  void aNanTaskLossLeavesTheParametersBitIdentical(int replicas, DirectionStorage storage) {
    AtomicInteger calls = new AtomicInteger();
    TaskLoss nanOnThirdCall = new TaskLoss() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public double[] perSequence(Batch batch, DecodedBatch decoded) {
        double[] out = new MismatchLoss().perSequence(batch, decoded);
        if (calls.incrementAndGet() == 3) {
          out[1] = Double.NaN;
        }
        return out;
      }
    };
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 2)) {
      float[] before = model.flatParameters();
      ExecutionConfig execution = ExecutionConfig.builder()
          .evaluator(replicas == 0 ? Evaluators.inPlace() : Evaluators.replicas(replicas))
          .directionStorage(storage)
          .build();
      try (MgsStep step =
          new MgsStep(model, nanOnThirdCall, MgsConfig.builder().build(), execution, new SeedStream(1))) {
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> step.run(BATCH, 0));
        assertTrue(e.getMessage().contains("flaky") && e.getMessage().contains("NaN"), e.getMessage());
      }
      assertArrayEquals(before, model.flatParameters());
    }
  }

  @Test
  void diagnosticsAreConsistentWithTheLogSpaceWeights() {
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 3)) {
      MgsConfig config = MgsConfig.builder().candidates(6).alpha(100).density(ProposalDensity.EXACT).build();
      try (MgsStep step = new MgsStep(model, new MismatchLoss(), config, new SeedStream(9))) {
        StepDiagnostics d = step.run(BATCH, 4);
        ImportanceWeights w = ImportanceWeights.compute(d.baseLoss(), d.candidateLosses(), d.logProposal(), 100);
        assertArrayEquals(w.normalised(), d.weights(), 1e-15);
        assertArrayEquals(new boolean[] {true, false, true, false, true, false}, d.fromMle());
        assertEquals(w.totalWeight(d.fromMle()), d.mleWeightShare(), 1e-15);
        assertTrue(d.times().total() > 0);
        assertTrue(d.decodedTokens() > 0);
        assertTrue(d.gradientNorm() > 0 && Double.isFinite(d.updateNorm()));
      }
    }
  }

  @Test
  void candidatesNeverLeaveTheParametersChangedExceptThroughTheOptimizer() {
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 4)) {
      float[] before = model.flatParameters();
      MgsConfig config = MgsConfig.builder()
          .candidates(5)
          .optimizer(OptimizerConfig.builder().kind(OptimizerConfig.Kind.SGD).learningRate(1e-30f).build())
          .build();
      try (MgsStep step = new MgsStep(model, new MismatchLoss(), config, new SeedStream(1))) {
        step.run(BATCH, 0);
      }
      float[] after = model.flatParameters();
      for (int i = 0; i < before.length; i++) {
        assertEquals(before[i], after[i], Math.ulp(before[i]) * 2 + 1e-30f, "parameter " + i);
      }
    }
  }

  @ParameterizedTest(name = "directions {0}")
  @EnumSource(DirectionStorage.class)
  void replicasGiveBitIdenticalStepsToInPlaceCandidates(DirectionStorage storage) {
    MgsConfig config = MgsConfig.builder().candidates(5).alpha(10).mleDropout(false).build();
    ExecutionConfig inPlace =
        ExecutionConfig.builder().evaluator(Evaluators.inPlace()).directionStorage(storage).build();
    float[] expected = null;
    double[][] expectedWeights = new double[3][];
    // The first variant (in place: the default on one device) is the reference.
    ExecutionConfig[] variants = {
      inPlace,
      inPlace.toBuilder().releaseFreedMemory(true).build(),
      inPlace.toBuilder().evaluator(Evaluators.replicas(1)).build(),
      inPlace.toBuilder().evaluator(Evaluators.replicas(2)).build(),
      inPlace.toBuilder().evaluator(Evaluators.replicas(3)).build()
    };
    for (int v = 0; v < variants.length; v++) {
      ExecutionConfig execution = variants[v];
      try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 9);
          MgsStep step = new MgsStep(model, new MismatchLoss(), config, execution, new SeedStream(5))) {
        List<Batch> batches = TASK.batches(3, 6, 11);
        for (int s = 0; s < 3; s++) {
          StepDiagnostics d = step.run(batches.get(s), s);
          if (v == 0) {
            expectedWeights[s] = d.weights();
          } else {
            assertArrayEquals(expectedWeights[s], d.weights(), "weights of step " + s + ", " + execution);
          }
        }
        if (v == 0) {
          expected = model.flatParameters();
        } else {
          assertArrayEquals(expected, model.flatParameters(), "parameters after 3 steps, " + execution);
        }
      }
    }
  }

  /**
   * Replica devices need replicas, and a model that can only copy itself onto its own device refuses another
   * one with an error that names both devices, before any step runs.
   */
  @Test
  void replicaDevicesAreCheckedAgainstTheModel() {
    IllegalArgumentException noReplicas = assertThrows(IllegalArgumentException.class,
        () -> Evaluators.replicas(0, List.of(Device.gpu(0), Device.gpu(1))));
    assertTrue(noReplicas.getMessage().contains("replicas must be >= 1"), noReplicas.getMessage());
    ExecutionConfig execution = ExecutionConfig.builder()
        .evaluator(Evaluators.replicas(2, List.of(Device.cpu(), Device.gpu(1))))
        .build();
    assertTrue(execution.toString().contains("devices=[cpu(), gpu(1)]"), execution.toString());
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 2)) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> new MgsStep(model, new MismatchLoss(), MgsConfig.builder().build(), execution, new SeedStream(1)));
      assertTrue(e.getMessage().contains("gpu(1)") && e.getMessage().contains("cpu()"), e.getMessage());
    }
  }

  /**
   * Redrawing each Δ_k from its seed gives the accumulator's update up to float rounding (the accumulator
   * reads Δ_k back from the perturbed float32 parameters): same weights, parameter changes equal to 1e-5 of
   * their size, over a step whose update mixes MLE-centred and zero-centred candidates.
   */
  @Test
  void regeneratedDirectionsGiveTheAccumulatorsUpdate() {
    float[][] change = new float[2][];
    double[][] weights = new double[2][];
    for (DirectionStorage storage : List.of(DirectionStorage.ACCUMULATOR, DirectionStorage.REGENERATED)) {
      MgsConfig config = MgsConfig.builder()
          .candidates(6)
          .alpha(10)
          .mleDropout(false)
          .updateClipNorm(1e9)
          .optimizer(OptimizerConfig.builder().kind(OptimizerConfig.Kind.SGD).learningRate(1f).build())
          .build();
      ExecutionConfig execution = ExecutionConfig.builder().directionStorage(storage).build();
      try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 12);
          MgsStep step = new MgsStep(model, new MismatchLoss(), config, execution, new SeedStream(3))) {
        float[] before = model.flatParameters();
        weights[storage.ordinal()] = step.run(BATCH, 0).weights();
        float[] after = model.flatParameters();
        float[] delta = new float[before.length];
        for (int i = 0; i < before.length; i++) {
          delta[i] = after[i] - before[i];
        }
        change[storage.ordinal()] = delta;
      }
    }
    assertArrayEquals(weights[0], weights[1]);
    long mixed = java.util.Arrays.stream(weights[0]).filter(w -> w > 1e-6).count();
    assertTrue(mixed >= 2, "the step should weight several candidates: " + java.util.Arrays.toString(weights[0]));
    double norm = 0;
    double difference = 0;
    for (int i = 0; i < change[0].length; i++) {
      norm += (double) change[0][i] * change[0][i];
      difference += Math.pow(change[0][i] - change[1][i], 2);
    }
    assertTrue(norm > 1e-6, "the update should move the parameters");
    assertTrue(Math.sqrt(difference) <= 1e-5 * Math.sqrt(norm),
        "update difference " + Math.sqrt(difference) + " vs update norm " + Math.sqrt(norm));
  }

  @Test
  void replicasNeedAReplicableModel() {
    try (BigramModel bigram = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 2)) {
      SequenceModel plain = new ForwardingSequenceModel(bigram) {};
      ExecutionConfig execution = ExecutionConfig.builder().evaluator(Evaluators.replicas(2)).build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new MgsStep(plain, new MismatchLoss(), MgsConfig.builder().build(), execution, new SeedStream(1)));
      assertTrue(e.getMessage().contains("ReplicableModel"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Evaluators.replicas(-1));
    }
  }
}
