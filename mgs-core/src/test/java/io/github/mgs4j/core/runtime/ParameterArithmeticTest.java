package io.github.mgs4j.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.FlatArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterArithmeticTest {
  private static final double[] WEIGHTS = {0.5, 0.0, 0.3, 0.2};
  private static final long[] SEEDS = {11, 12, 13, 14};

  private static final int[] THREADS = {0, 1, 3};

  /** One run on a fresh model with the same pseudo-gradients. */
  private interface Run {
    void run(int run, TrainableParameters p, List<NDArray> gradients, ParameterArithmetic arithmetic, NDManager scope);
  }

  /** Runs {@code body} once per entry of {@link #THREADS}, each on a fresh model. */
  private static void onEachArithmetic(Run body) {
    for (int run = 0; run < THREADS.length; run++) {
      try (BigramModel model = new BigramModel(7, 5, 6, 1);
          BlockWorkers team = new BlockWorkers(Math.max(1, THREADS[run]))) {
        TrainableParameters p = TrainableParameters.of(model);
        try (NDManager scope = p.manager().newSubManager()) {
          body.run(run, p, gradients(p, scope), arithmetic(THREADS[run], team), scope);
        }
      }
    }
  }

  /** 0: engine operations; 1 and 3: Java writing the CPU parameters in place, on 1 or 3 threads. */
  private static ParameterArithmetic arithmetic(int hostThreads, BlockWorkers team) {
    return hostThreads == 0 ? ParameterArithmetic.onEngine(4) : ParameterArithmetic.onHost(team, 4);
  }

  private static double total(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void blockwisePerturbationTouchesEveryElementAndRecordsExactStatistics(int hostThreads) {
    try (BigramModel model = new BigramModel(7, 5, 6, 1);
        BlockWorkers team = new BlockWorkers(Math.max(1, hostThreads))) {
      TrainableParameters p = TrainableParameters.of(model);
      float[] before = model.flatParameters();
      try (NDManager scope = p.manager().newSubManager()) {
        List<NDArray> gradients = gradients(p, scope);
        ParameterArithmetic.NoiseProducts s = arithmetic(hostThreads, team)
            .perturb(ParameterVector.of(p), ParameterVector.of(gradients), sigmas(p), true, 3);
        float[] after = model.flatParameters();
        float[] g = FlatArrays.concat(gradients);
        double ee = 0;
        double eg = 0;
        for (int i = 0; i < before.length; i++) {
          double eps = (double) after[i] - before[i];
          assertNotEquals(0.0, eps, "element " + i + " was not perturbed");
          ee += eps * eps;
          eg += eps * -g[i];
        }
        assertEquals(ee, total(s.epsilonSquared()), 1e-4 * ee);
        assertEquals(eg, total(s.epsilonDotCentre()), 1e-3 * Math.abs(ee));
      }
    }
  }

  @Test
  void theHostAndTheEngineWriteBitIdenticalParametersAndAgreeOnTheStatistics() {
    float[][] parameters = new float[THREADS.length][];
    ParameterArithmetic.NoiseProducts[] statistics = new ParameterArithmetic.NoiseProducts[THREADS.length];
    onEachArithmetic((run, p, gradients, arithmetic, scope) -> {
      // Otherwise the host runs would fall back to the engine and compare it with itself.
      assertNotNull(HostViews.of(p.arrays(), true), "the host can write these parameters in place");
      assertNotNull(HostViews.of(gradients, true), "the host can read these gradients in place");
      double[] sigmas = sigmas(p);
      sigmas[1] = 0; // a tensor that takes only the MLE direction
      statistics[run] =
          arithmetic.perturb(ParameterVector.of(p), ParameterVector.of(gradients), sigmas, true, 5);
      arithmetic.perturb(ParameterVector.of(p), ParameterVector.of(gradients), sigmas, false, 6);
      parameters[run] = FlatArrays.concat(p.arrays());
    });
    for (int run = 1; run < THREADS.length; run++) {
      assertArrayEquals(parameters[0], parameters[run], "parameters with " + THREADS[run] + " host threads");
      double ee = total(statistics[0].epsilonSquared());
      assertEquals(ee, total(statistics[run].epsilonSquared()), 1e-6 * ee);
      assertEquals(
          total(statistics[0].epsilonDotCentre()), total(statistics[run].epsilonDotCentre()), 1e-6 * ee);
    }
  }

  @Test
  void regenerationIsBitIdenticalOnTheHostAndTheEngineAndSubtractsTheWeightedNoise() {
    float[][] updates = new float[THREADS.length][];
    float[][] reference = new float[1][];
    onEachArithmetic((run, p, gradients, arithmetic, scope) -> {
      double[] sigmas = sigmas(p);
      if (run == 0) {
        reference[0] = expectedUpdate(p, gradients, sigmas, scope);
      }
      arithmetic.regenerate(ParameterVector.of(gradients), sigmas, 0.7, WEIGHTS, SEEDS);
      updates[run] = FlatArrays.concat(gradients);
    });
    float[] expected = reference[0];
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], updates[0][i], 1e-6 * (1 + Math.abs(expected[i])), "element " + i);
    }
    assertArrayEquals(updates[0], updates[1]);
    assertArrayEquals(updates[0], updates[2]);
  }

  @Test
  void arraysTheHostCannotWriteInPlaceGetNoViews() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray dense = manager.arange(12f).reshape(3, 4);
      assertNotNull(HostViews.of(List.of(dense), true));
      // A transposed view is not contiguous: the engine would hand out a copy.
      assertNull(HostViews.of(List.of(dense.transpose()), true));
      assertNull(HostViews.of(List.of(dense.toType(DataType.FLOAT64, false)), true));
      assertArrayEquals(manager.arange(12f).toFloatArray(), dense.toFloatArray(), "the probe restores the value");
    }
  }

  /**
   * {@code 0.7·∇L − Σ_k w̃_k·ε_k} in float64, with each ε_k read back from a noise-only perturbation of the
   * parameters (θ restored from a copy after each).
   */
  private static float[] expectedUpdate(
      TrainableParameters p, List<NDArray> gradients, double[] sigmas, NDManager scope) {
    float[] g = FlatArrays.concat(gradients);
    double[] update = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      update[i] = 0.7 * g[i];
    }
    ParameterArithmetic engine = ParameterArithmetic.onEngine(4);
    for (int c = 0; c < WEIGHTS.length; c++) {
      List<NDArray> copies = new ArrayList<>();
      for (NDArray a : p.arrays()) {
        NDArray copy = a.duplicate();
        copy.attach(scope);
        copies.add(copy);
      }
      engine.perturb(ParameterVector.of(p), ParameterVector.of(gradients), sigmas, false, SEEDS[c]);
      float[] before = FlatArrays.concat(copies);
      float[] after = FlatArrays.concat(p.arrays());
      for (int i = 0; i < g.length; i++) {
        update[i] -= WEIGHTS[c] * ((double) after[i] - before[i]);
      }
      for (int w = 0; w < p.count(); w++) {
        TrainableParameters.copyInto(p.array(w), copies.get(w));
      }
    }
    float[] out = new float[g.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) update[i];
    }
    return out;
  }

  /** Deterministic pseudo-gradients (the same in every run of a test). */
  private static List<NDArray> gradients(TrainableParameters p, NDManager scope) {
    SplittableRandom random = new SplittableRandom(42);
    List<NDArray> gradients = new ArrayList<>();
    for (int w = 0; w < p.count(); w++) {
      float[] values = new float[(int) p.array(w).size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (0.01 * (random.nextDouble() - 0.5));
      }
      gradients.add(scope.create(values, p.array(w).getShape()));
    }
    return gradients;
  }

  private static double[] sigmas(TrainableParameters p) {
    double[] sigmas = new double[p.count()];
    for (int w = 0; w < p.count(); w++) {
      sigmas[w] = 0.1 * (w + 1);
    }
    return sigmas;
  }
}
