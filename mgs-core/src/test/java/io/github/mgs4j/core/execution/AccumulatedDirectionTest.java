package io.github.mgs4j.core.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.runtime.Block;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.CandidateEvaluator;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.FlatArrays;
import org.junit.jupiter.api.Test;

class AccumulatedDirectionTest {
  private static final double[] LOG_WEIGHTS = {0.3, 2.0, -1.0, 2.0, 40.0};

  /**
   * The host pass, the engine calls and the engine calls on a copy (a remote replica's candidate) fold the
   * same candidates into bit-identical directions and restore θ bit for bit; the direction is −Σ w̃_k Δ_k.
   */
  @Test
  void theHostFoldIsTheEnginesBitForBitAndGivesTheNegatedWeightedSum() {
    try (BigramModel onHost = new BigramModel(7, 5, 6, 1);
        BigramModel onEngine = new BigramModel(7, 5, 6, 1);
        BigramModel remoteCopy = new BigramModel(7, 5, 6, 1);
        BlockWorkers workers = new BlockWorkers(3)) {
      TrainableParameters host = TrainableParameters.of(onHost);
      TrainableParameters engine = TrainableParameters.of(onEngine);
      TrainableParameters remote = TrainableParameters.of(remoteCopy);
      ParameterArithmetic hostArithmetic = ParameterArithmetic.onHost(workers, Block.DEFAULT_ELEMENTS);
      ParameterArithmetic engineArithmetic = ParameterArithmetic.onEngine(Block.DEFAULT_ELEMENTS);
      ParameterVector hostTheta = ParameterVector.of(host);
      ParameterVector engineTheta = ParameterVector.of(engine);
      // Host views are available, but a remote candidate is folded from a copy by the engine.
      ParameterVector remoteTheta = ParameterVector.of(remote).asRemote();
      try (ParameterVector hostBase = ParameterVector.zerosLike(hostTheta, host.manager());
          ParameterVector engineBase = ParameterVector.zerosLike(engineTheta, engine.manager());
          ParameterVector remoteBase = ParameterVector.zerosLike(remoteTheta, remote.manager());
          AccumulatedDirection hostSum = new AccumulatedDirection(hostArithmetic, hostTheta);
          AccumulatedDirection engineSum = new AccumulatedDirection(engineArithmetic, engineTheta);
          AccumulatedDirection remoteSum = new AccumulatedDirection(hostArithmetic, remoteTheta)) {
        engineArithmetic.copy(hostBase, hostTheta);
        engineArithmetic.copy(engineBase, engineTheta);
        engineArithmetic.copy(remoteBase, ParameterVector.of(remote));
        float[] theta = FlatArrays.concat(host.arrays());
        double[] expected = new double[theta.length];
        double total = 0;
        double max = 40.0;
        for (int k = 0; k < LOG_WEIGHTS.length; k++) {
          for (int w = 0; w < host.count(); w++) {
            NDArray delta = host.array(w).getManager().randomNormal(host.array(w).getShape()).muli(0.01f);
            host.array(w).addi(delta);
            engine.array(w).addi(delta);
            remote.array(w).addi(delta);
          }
          float[] applied = FlatArrays.concat(host.arrays());
          double weight = Math.exp(LOG_WEIGHTS[k] - max);
          total += weight;
          for (int i = 0; i < theta.length; i++) {
            expected[i] += weight * (applied[i] - theta[i]);
          }
          hostSum.add(k, LOG_WEIGHTS[k], new CandidateEvaluator.Held(hostTheta, hostBase));
          engineSum.add(k, LOG_WEIGHTS[k], new CandidateEvaluator.Held(engineTheta, engineBase));
          remoteSum.add(k, LOG_WEIGHTS[k], new CandidateEvaluator.Held(remoteTheta, remoteBase));
          assertArrayEquals(theta, FlatArrays.concat(remote.arrays()), "θ restored from a copy, candidate " + k);
          assertArrayEquals(theta, FlatArrays.concat(host.arrays()), "θ restored on the host, candidate " + k);
          assertArrayEquals(theta, FlatArrays.concat(engine.arrays()), "θ restored by the engine, candidate " + k);
        }
        float[] hostDirection = FlatArrays.concat(hostSum.negated(null).arrays());
        float[] engineDirection = FlatArrays.concat(engineSum.negated(null).arrays());
        assertArrayEquals(engineDirection, hostDirection);
        assertArrayEquals(engineDirection, FlatArrays.concat(remoteSum.negated(null).arrays()));
        for (int i = 0; i < theta.length; i++) {
          assertEquals(-expected[i] / total, hostDirection[i], 1e-6, "element " + i);
        }
      }
    }
  }

  /** An accumulated direction needs the candidates' parameters: an evaluator that holds none is refused. */
  @Test
  void anAccumulatorRefusesCandidatesWithoutParameters() {
    try (BigramModel model = new BigramModel(7, 5, 6, 1)) {
      ParameterVector theta = ParameterVector.of(TrainableParameters.of(model));
      try (AccumulatedDirection sum = new AccumulatedDirection(ParameterArithmetic.host(), theta)) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sum.add(0, 1.0, null));
        assertTrue(e.getMessage().contains("REGENERATED"), e.getMessage());
      }
    }
  }
}
