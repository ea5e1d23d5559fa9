package io.github.mgs4j.spark;

import io.github.mgs4j.core.search.CandidateStatistics;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A candidate's {@link CandidateStatistics} as it crosses the network: five numbers per weight tensor.
 *
 * @param sizes n_w
 * @param sigmas σ_w
 * @param epsilonSquared ε_w·ε_w
 * @param epsilonDotCentre ε_w·g_w
 * @param centreSquared g_w·g_w
 */
record WireStatistics(
    long[] sizes, double[] sigmas, double[] epsilonSquared, double[] epsilonDotCentre, double[] centreSquared)
    implements Serializable {

  static WireStatistics of(CandidateStatistics s) {
    int n = s.tensors();
    long[] sizes = new long[n];
    double[][] v = new double[4][n];
    for (int w = 0; w < n; w++) {
      sizes[w] = s.size(w);
      v[0][w] = s.sigma(w);
      v[1][w] = s.epsilonSquared(w);
      v[2][w] = s.epsilonDotCentre(w);
      v[3][w] = s.centreSquared(w);
    }
    return new WireStatistics(sizes, v[0], v[1], v[2], v[3]);
  }

  CandidateStatistics toCore() {
    return new CandidateStatistics(sizes, sigmas, epsilonSquared, epsilonDotCentre, centreSquared);
  }

  /** Bit-for-bit equality of every number (replicas in step draw identical candidates). */
  boolean sameAs(WireStatistics o) {
    return Arrays.equals(sizes, o.sizes) && Arrays.equals(sigmas, o.sigmas)
        && Arrays.equals(epsilonSquared, o.epsilonSquared) && Arrays.equals(epsilonDotCentre, o.epsilonDotCentre)
        && Arrays.equals(centreSquared, o.centreSquared);
  }
}
