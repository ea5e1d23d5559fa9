package io.github.mgs4j.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import io.github.mgs4j.core.model.ParameterBuffers;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.HostViews;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.FlatArrays;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectionAccumulatorTest {
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
      try (ParameterBuffers hostBase = new ParameterBuffers(host, host.manager());
          ParameterBuffers engineBase = new ParameterBuffers(engine, engine.manager());
          ParameterBuffers hostSum = new ParameterBuffers(host, host.manager());
          ParameterBuffers engineSum = new ParameterBuffers(engine, engine.manager());
          ParameterBuffers remoteBase = new ParameterBuffers(remote, remote.manager());
          ParameterBuffers remoteSum = new ParameterBuffers(remote, remote.manager())) {
        hostBase.copyFrom(host);
        engineBase.copyFrom(engine);
        remoteBase.copyFrom(remote);
        float[] theta = FlatArrays.concat(host.arrays());
        DirectionAccumulator hostAccumulator = new DirectionAccumulator(hostSum, workers);
        DirectionAccumulator engineAccumulator = new DirectionAccumulator(engineSum, null);
        // Host views are available, but a remote candidate is folded from a copy by the engine.
        DirectionAccumulator remoteAccumulator = new DirectionAccumulator(remoteSum, workers);
        assertNotNull(hostAccumulator.views());
        assertNull(engineAccumulator.views());
        List<FloatBuffer> hostViews = HostViews.of(host.arrays(), true);
        List<FloatBuffer> baseViews = HostViews.of(hostBase.arrays(), true);
        double[] expected = new double[theta.length];
        double total = 0;
        double max = 40.0;
        for (int k = 0; k < LOG_WEIGHTS.length; k++) {
          List<float[]> deltas = new ArrayList<>();
          for (int w = 0; w < host.count(); w++) {
            NDArray delta = host.array(w).getManager().randomNormal(host.array(w).getShape()).muli(0.01f);
            deltas.add(delta.toFloatArray());
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
          hostAccumulator.addAndRestore(LOG_WEIGHTS[k], host, hostViews, hostBase.arrays(), baseViews, false);
          engineAccumulator.addAndRestore(LOG_WEIGHTS[k], engine, null, engineBase.arrays(), null, false);
          remoteAccumulator.addAndRestore(LOG_WEIGHTS[k], remote, null, remoteBase.arrays(), null, true);
          assertArrayEquals(theta, FlatArrays.concat(remote.arrays()), "θ restored from a copy, candidate " + k);
          assertArrayEquals(theta, FlatArrays.concat(host.arrays()), "θ restored on the host, candidate " + k);
          assertArrayEquals(theta, FlatArrays.concat(engine.arrays()), "θ restored by the engine, candidate " + k);
        }
        float[] hostDirection = FlatArrays.concat(hostAccumulator.negatedDirection().arrays());
        float[] engineDirection = FlatArrays.concat(engineAccumulator.negatedDirection().arrays());
        assertArrayEquals(engineDirection, hostDirection);
        assertArrayEquals(engineDirection, FlatArrays.concat(remoteAccumulator.negatedDirection().arrays()));
        for (int i = 0; i < theta.length; i++) {
          assertEquals(-expected[i] / total, hostDirection[i], 1e-6, "element " + i);
        }
      }
    }
  }

  @Test
  void autoKeepsAnAccumulatorOnlyForSmallModels() {
    long limit = DirectionStorage.AUTO_ACCUMULATOR_MAX_BYTES;
    assertEquals(DirectionStorage.ACCUMULATOR, DirectionStorage.AUTO.resolve(limit));
    assertEquals(DirectionStorage.REGENERATED, DirectionStorage.AUTO.resolve(limit + 1));
    assertEquals(DirectionStorage.REGENERATED, DirectionStorage.REGENERATED.resolve(4));
    assertEquals(DirectionStorage.ACCUMULATOR, DirectionStorage.ACCUMULATOR.resolve(Long.MAX_VALUE));
  }
}
