package io.github.mgs4j.core.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.ReplicableModel;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.Candidate;
import io.github.mgs4j.core.search.CandidateEvaluator;
import io.github.mgs4j.core.search.CandidateSearch;
import io.github.mgs4j.core.search.CandidateStatistics;
import io.github.mgs4j.core.search.EvaluatedCandidate;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.MgsStep;
import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EvaluatorsTest {
  private static final CountingTask TASK = new CountingTask(8);
  private static final MgsConfig CONFIG = MgsConfig.builder().candidates(5).alpha(10).mleDropout(false).build();

  private record ThreeSteps(double[][] weights, float[] parameters) {}

  private static ThreeSteps threeSteps(ExecutionConfig execution) {
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 9);
        MgsStep step = new MgsStep(model, new MismatchLoss(), CONFIG, execution, new SeedStream(5))) {
      List<Batch> batches = TASK.batches(3, 6, 11);
      double[][] weights = new double[3][];
      for (int s = 0; s < 3; s++) {
        StepDiagnostics d = step.run(batches.get(s), s);
        weights[s] = d.weights();
        assertTrue(d.times().candidateDecode() > 0 && d.times().noise() > 0, d.times().toString());
      }
      return new ThreeSteps(weights, model.flatParameters());
    }
  }

  private static void assertSameSteps(ThreeSteps expected, ThreeSteps actual, String what) {
    for (int s = 0; s < 3; s++) {
      assertArrayEquals(expected.weights()[s], actual.weights()[s], "weights of step " + s + ", " + what);
    }
    assertArrayEquals(expected.parameters(), actual.parameters(), "parameters after 3 steps, " + what);
  }

  /**
   * Replicas on another device (here: every replica treated as remote, so the gradient copies, the scopes on
   * the replica's device and the folds from copies all run, with copies inside the CPU standing in for copies
   * across devices) give the in-place step bit for bit, with the Java host passes and with engine operations
   * only (the path a GPU takes).
   */
  @ParameterizedTest(name = "directions {0}")
  @EnumSource(DirectionStorage.class)
  void remoteReplicasGiveBitIdenticalStepsToInPlaceCandidates(DirectionStorage storage) {
    for (boolean hostPasses : new boolean[] {true, false}) {
      ExecutionConfig inPlace = ExecutionConfig.builder()
          .evaluator(Evaluators.inPlace())
          .directionStorage(storage)
          .hostPasses(hostPasses)
          .build();
      ThreeSteps expected = threeSteps(inPlace);
      for (int replicas : new int[] {2, 3}) {
        ExecutionConfig remote =
            inPlace.toBuilder().evaluator(Evaluators.replicasCopyingAcrossDevices(replicas)).build();
        assertSameSteps(expected, threeSteps(remote), remote.toString());
      }
    }
  }

  /**
   * A new evaluator is one class, plugged in through the execution config without touching the step: this one
   * works as a remote worker would, on its own thread pool, from each candidate's seed and component alone,
   * on its own copy of θ, and sends back only the loss and the statistics. The steps are the in-place
   * steps with redrawn directions, bit for bit; the default direction storage picks redrawn directions
   * by itself, since the evaluator holds no candidate.
   */
  @Test
  void anEvaluatorThatSeesOnlySeedsPlugsInWithoutChangingTheStep() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    ThreeSteps expected = threeSteps(ExecutionConfig.builder()
        .evaluator(Evaluators.inPlace())
        .directionStorage(DirectionStorage.REGENERATED)
        .build());
    ThreeSteps seedsOnly = threeSteps(ExecutionConfig.builder()
        .evaluator((model, parameters) -> new SeedOnlyEvaluator(model, parameters, threads))
        .build());
    assertSameSteps(expected, seedsOnly, "an evaluator that sees only seeds");
    assertEquals(Set.of("seed-worker"), threads, "every candidate was evaluated on the evaluator's own pool");
  }

  /** The toy remote evaluator of the test above. */
  private static final class SeedOnlyEvaluator implements CandidateEvaluator {
    private final ReplicableModel worker;
    private final ParameterVector workerTheta;
    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "seed-worker"));
    private final Set<String> threads;

    SeedOnlyEvaluator(SequenceModel model, TrainableParameters parameters, Set<String> threads) {
      this.worker = ((ReplicableModel) model).replicate();
      this.workerTheta = ParameterVector.of(parameters.matching(worker));
      this.threads = threads;
    }

    @Override
    public boolean holdsCandidates() {
      return false;
    }

    @Override
    public void evaluate(CandidateSearch search, List<Candidate> candidates, Sink sink) {
      // A real worker would hold θ already (every worker applies the same update); here it copies it once.
      search.arithmetic().copy(workerTheta, search.theta());
      List<Future<EvaluatedCandidate>> results = new ArrayList<>();
      for (Candidate candidate : candidates) {
        // What crosses to the worker: the step, the seed and the component; what comes back: two numbers
        // per tensor and the loss.
        Candidate sent = new Candidate(candidate.index(), candidate.seed(), candidate.fromMle());
        results.add(pool.submit(() -> {
          threads.add(Thread.currentThread().getName());
          CandidateStatistics statistics = search.perturb(workerTheta, sent);
          CandidateSearch.Score score = search.score(worker, workerTheta);
          search.arithmetic().copy(workerTheta, search.theta());
          return new EvaluatedCandidate(sent, statistics, score.loss(), score.decodedTokens());
        }));
      }
      for (Future<EvaluatedCandidate> result : results) {
        sink.accept(search.await(result), null);
      }
    }

    @Override
    public void close() {
      pool.shutdownNow();
      worker.close();
    }
  }

  @Test
  void autoKeepsAnAccumulatorOnlyForSmallModelsWhoseCandidatesAreHeld() {
    long limit = DirectionStorage.AUTO_ACCUMULATOR_MAX_BYTES;
    assertEquals(DirectionStorage.ACCUMULATOR, DirectionStorage.AUTO.resolve(limit, true));
    assertEquals(DirectionStorage.REGENERATED, DirectionStorage.AUTO.resolve(limit + 1, true));
    assertEquals(DirectionStorage.REGENERATED, DirectionStorage.AUTO.resolve(4, false));
    assertEquals(DirectionStorage.REGENERATED, DirectionStorage.REGENERATED.resolve(4, true));
    assertEquals(DirectionStorage.ACCUMULATOR, DirectionStorage.ACCUMULATOR.resolve(Long.MAX_VALUE, false));
  }

  @Test
  void theDefaultsEvaluateInPlaceOnOneDevice() {
    assertEquals("auto", ExecutionConfig.defaults().evaluator().toString());
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 6, TASK.eos(), 1)) {
      CandidateEvaluator evaluator =
          ExecutionConfig.defaults().evaluator().create(model, TrainableParameters.of(model));
      assertTrue(evaluator instanceof InPlaceEvaluator, evaluator.getClass().getName());
      assertTrue(evaluator.holdsCandidates());
    }
    assertFalse(ExecutionConfig.builder().hostPasses(false).build().hostPasses());
  }
}
