package io.github.mgs4j.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.rng.GaussianNoise;
import io.github.mgs4j.core.testing.BigramModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateSamplerTest {

  @Test
  void blockwisePerturbationTouchesEveryElementAndRecordsExactStatistics() {
    try (BigramModel model = new BigramModel(7, 5, 6, 1)) {
      TrainableParameters p = TrainableParameters.of(model);
      float[] before = model.flatParameters();
      try (NDManager scope = p.manager().newSubManager()) {
        List<NDArray> gradients = new ArrayList<>();
        double[] sigmas = new double[p.count()];
        double[] gg = new double[p.count()];
        for (int w = 0; w < p.count(); w++) {
          NDArray g = scope.randomNormal(p.array(w).getShape()).mul(0.01f);
          gradients.add(g);
          sigmas[w] = 0.1 * (w + 1);
          gg[w] = g.reshape(-1).dot(g.reshape(-1)).getFloat();
        }
        CandidateStatistics s;
        try (GaussianNoise noise = new GaussianNoise()) {
          s = CandidateSampler.perturb(
              p, gradients, sigmas, gg, true, new CandidateSampler.SeededNoise(noise, 3), scope, 4);
        }
        float[] after = model.flatParameters();
        float[] g = new float[before.length];
        int at = 0;
        for (NDArray a : gradients) {
          for (float v : a.toFloatArray()) {
            g[at++] = v;
          }
        }
        double ee = 0;
        double eg = 0;
        for (int i = 0; i < before.length; i++) {
          double eps = (double) after[i] - before[i];
          assertNotEquals(0.0, eps, "element " + i + " was not perturbed");
          ee += eps * eps;
          eg += eps * -g[i];
        }
        assertEquals(ee, s.totalEpsilonSquared(), 1e-4 * ee);
        assertEquals(eg, s.totalEpsilonDotCentre(), 1e-3 * Math.abs(ee));
      }
    }
  }
}
