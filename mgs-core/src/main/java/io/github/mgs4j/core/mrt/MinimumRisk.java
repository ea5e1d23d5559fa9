package io.github.mgs4j.core.mrt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.sequence.SampledSequences;
import java.util.Objects;

/**
 * The risk of eq. (6) over a batch's candidate sets, as a differentiable scalar:
 *
 * <pre>
 *   s(Ŷ) = log p_θ(Ŷ|X)  (÷ |Ŷ| when length-normalised)
 *   q(Ŷ) = exp(α·s(Ŷ)) / Σ_{Ŷ'∈S} exp(α·s(Ŷ'))                for Ŷ ∈ S
 *   R    = (1/B) Σ_examples Σ_{Ŷ∈S} q(Ŷ) c(Ŷ, Y)
 * </pre>
 *
 * <p>Autograd then gives eq. (7) exactly: ∇R = (1/B) Σ_examples α Σ_{Ŷ∈S} q(Ŷ) (c(Ŷ, Y) − E_q[c]) ∇s(Ŷ). With the
 * reference in S (c(Y*, Y) = 0), its term is −α q(Y*) E_q[c] ∇log p_θ(Y*|X): descending R raises the likelihood of
 * the reference, weighted by the current risk. Per example the exponents are shifted by their (constant) maximum
 * before the exponential, so nothing overflows whatever α and the log-probabilities.
 */
public final class MinimumRisk {
  private MinimumRisk() {}

  /**
   * The risk and the candidate distributions.
   *
   * @param risk R, a differentiable float32 scalar
   * @param q q(Ŷ) of every candidate row (host copy)
   * @param perExample E_q[c] of every example
   */
  public record Evaluation(NDArray risk, double[] q, double[] perExample) {

    /** R. */
    public double value() {
      double sum = 0;
      for (double r : perExample) {
        sum += r;
      }
      return sum / perExample.length;
    }

    /** The mean over examples of the effective number of candidates of q, 1 / Σ q². */
    public double effectiveCandidates(SampledSequences samples) {
      double sum = 0;
      for (int e = 0; e < samples.examples(); e++) {
        double squares = 0;
        for (int r = samples.firstRow(e); r < samples.firstRow(e) + samples.size(e); r++) {
          squares += q[r] * q[r];
        }
        sum += 1 / squares;
      }
      return sum / samples.examples();
    }

    /** The mean over examples of q(Y*), or NaN when no example has its reference in S. */
    public double referenceWeight(SampledSequences samples) {
      double sum = 0;
      int n = 0;
      for (int r = 0; r < samples.rows(); r++) {
        if (samples.isReference(r)) {
          sum += q[r];
          n++;
        }
      }
      return n == 0 ? Double.NaN : sum / n;
    }
  }

  /**
   * Builds the risk of a batch.
   *
   * @param logProbabilities log p_θ(Ŷ|X) of every candidate row, differentiable, shape (rows)
   * @param samples the candidate sets and their task losses
   * @param alpha the sharpness α &gt; 0
   * @param lengthNormalized whether s is the per-token mean log-probability
   * @param scope the manager for the intermediates
   * @return the risk and q
   */
  public static Evaluation evaluate(
      NDArray logProbabilities, SampledSequences samples, double alpha, boolean lengthNormalized, NDManager scope) {
    Objects.requireNonNull(samples, "samples");
    int rows = samples.rows();
    int examples = samples.examples();
    if (logProbabilities.size() != rows) {
      throw new IllegalArgumentException(
          "got " + logProbabilities.size() + " log-probabilities for " + rows + " candidates");
    }
    NDArray scores = logProbabilities.reshape(rows);
    if (lengthNormalized) {
      float[] lengths = new float[rows];
      for (int r = 0; r < rows; r++) {
        lengths[r] = samples.continuation(r).length;
      }
      scores = scores.div(scope.create(lengths));
    }
    float[] values = scores.toFloatArray();
    float[] shift = new float[rows];
    float[] membership = new float[examples * rows];
    long[] exampleOfRow = new long[rows];
    for (int e = 0; e < examples; e++) {
      int from = samples.firstRow(e);
      int to = from + samples.size(e);
      double max = Double.NEGATIVE_INFINITY;
      for (int r = from; r < to; r++) {
        max = Math.max(max, alpha * values[r]);
      }
      if (!Double.isFinite(max)) {
        throw new IllegalArgumentException("example " + e + " has a candidate with log-probability " + max / alpha);
      }
      for (int r = from; r < to; r++) {
        shift[r] = (float) max;
        membership[e * rows + r] = 1f;
        exampleOfRow[r] = e;
      }
    }
    NDArray exponentials = scores.mul((float) alpha).sub(scope.create(shift)).exp();
    NDArray byExample = scope.create(membership, new Shape(examples, rows));
    NDArray normalisers = byExample.matMul(exponentials.reshape(rows, 1)).reshape(examples);
    NDArray q = exponentials.div(normalisers.take(scope.create(exampleOfRow)));
    float[] costs = new float[rows];
    double[] c = samples.costs();
    for (int r = 0; r < rows; r++) {
      costs[r] = (float) c[r];
    }
    NDArray perExample = byExample.matMul(q.mul(scope.create(costs)).reshape(rows, 1)).reshape(examples);
    NDArray risk = perExample.mean();
    return new Evaluation(risk, toDouble(q.toFloatArray()), toDouble(perExample.toFloatArray()));
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
