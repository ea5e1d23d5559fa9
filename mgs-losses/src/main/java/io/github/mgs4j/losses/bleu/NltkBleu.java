package io.github.mgs4j.losses.bleu;

import io.github.mgs4j.losses.text.PythonFloats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * NLTK's {@code sentence_bleu(references, hypothesis, weights, smoothing_function)} on pre-tokenized input,
 * on the 0–1 scale, with NLTK 3.8–3.10 semantics: modified precisions {@code num / max(1, den)} kept as
 * exact fractions, the closest reference length ({@code min} by {@code (|r − h|, r)}), NLTK's brevity
 * penalty, an early 0 when no unigram matches, the chosen {@link NltkSmoothing} in Python's mixed
 * Fraction/float arithmetic, orders whose smoothed precision is 0 dropped, and an exactly rounded sum
 * ({@code math.fsum}, {@link io.github.mgs4j.losses.text.PythonFloats}) of {@code w · ln p}.
 *
 * <p>Immutable and thread-safe.
 */
public final class NltkBleu {
  private static final double EPSILON = 0.1;
  private static final int ALPHA = 5;
  private static final int K = 5;

  private final double[] weights;
  private final NltkSmoothing smoothing;

  /**
   * Creates a scorer.
   *
   * @param weights the n-gram weights, order 1 first (NLTK's default is four times 0.25)
   * @param smoothing the smoothing method
   */
  public NltkBleu(double[] weights, NltkSmoothing smoothing) {
    Objects.requireNonNull(weights, "weights");
    if (weights.length == 0) {
      throw new IllegalArgumentException("at least one weight is needed");
    }
    if (smoothing == NltkSmoothing.METHOD6 && weights.length < 3) {
      throw new IllegalArgumentException("method6 needs at least three n-gram orders");
    }
    this.weights = weights.clone();
    this.smoothing = Objects.requireNonNull(smoothing, "smoothing");
  }

  /** BLEU-4 with uniform weights and the given smoothing. */
  public NltkBleu(NltkSmoothing smoothing) {
    this(new double[] {0.25, 0.25, 0.25, 0.25}, smoothing);
  }

  /** The smoothing method. */
  public NltkSmoothing smoothing() {
    return smoothing;
  }

  /** The score of one hypothesis against one reference. */
  public double score(String[] hypothesis, String[] reference) {
    return score(hypothesis, List.<String[]>of(Objects.requireNonNull(reference, "reference")));
  }

  /**
   * The score of one hypothesis against its references.
   *
   * @throws IllegalArgumentException for method 6 when the trigram precision is 0 (NLTK's AssertionError)
   */
  public double score(String[] hypothesis, List<String[]> references) {
    Objects.requireNonNull(hypothesis, "hypothesis");
    Objects.requireNonNull(references, "references");
    boolean needsFiveGrams = smoothing == NltkSmoothing.METHOD5 || smoothing == NltkSmoothing.METHOD7;
    int orders = weights.length;
    NgramMatches m = NgramMatches.of(hypothesis, references, Math.max(orders, needsFiveGrams ? 5 : 1));
    if (m.correct(1) == 0) {
      return 0.0;
    }
    int hypLen = hypothesis.length;
    int refLen = closestReferenceLength(references, hypLen);
    double bp = hypLen > refLen ? 1.0 : Math.exp(1 - (double) refLen / hypLen);
    List<PyNumber> p = new ArrayList<>(orders);
    for (int n = 1; n <= orders; n++) {
      p.add(precision(m, n));
    }
    List<PyNumber> smoothed = smooth(p, m, hypLen);
    double[] terms = new double[orders];
    int n = 0;
    for (int i = 0; i < orders; i++) {
      PyNumber pi = smoothed.get(i);
      if (pi.signum() > 0) {
        terms[n++] = weights[i] * Math.log(pi.toDouble());
      }
    }
    return bp * Math.exp(PythonFloats.fsum(terms, n));
  }

  private static PyNumber precision(NgramMatches m, int n) {
    return PyNumber.fraction(m.correct(n), Math.max(1, m.total(n)));
  }

  private static int closestReferenceLength(List<String[]> references, int hypLen) {
    int best = -1;
    for (String[] r : references) {
      int len = Objects.requireNonNull(r, "reference").length;
      if (best < 0 || Math.abs(len - hypLen) < Math.abs(best - hypLen)
          || (Math.abs(len - hypLen) == Math.abs(best - hypLen) && len < best)) {
        best = len;
      }
    }
    return best;
  }

  private List<PyNumber> smooth(List<PyNumber> p, NgramMatches m, int hypLen) {
    switch (smoothing) {
      case METHOD0:
        return map(p, (i, pi) -> pi.signum() != 0 ? pi : PyNumber.ofDouble(Double.MIN_NORMAL));
      case METHOD1:
        return map(p, (i, pi) -> pi.signum() != 0 ? pi : PyNumber.ofDouble(EPSILON / den(m, i)));
      case METHOD2:
        return map(p, (i, pi) -> i == 0 ? pi : PyNumber.fraction(m.correct(i + 1) + 1L, den(m, i) + 1L));
      case METHOD3:
        return method3(p, m);
      case METHOD4:
        return method4(p, m, hypLen);
      case METHOD5:
        return method5(p, m);
      case METHOD6:
        return method6(p, m, hypLen);
      case METHOD7:
        return method5(method4(p, m, hypLen), m);
      default:
        throw new AssertionError(smoothing);
    }
  }

  private static long den(NgramMatches m, int index) {
    return Math.max(1, m.total(index + 1));
  }

  /** One element-wise rule. */
  private interface Rule {
    PyNumber apply(int index, PyNumber p);
  }

  private static List<PyNumber> map(List<PyNumber> p, Rule rule) {
    List<PyNumber> out = new ArrayList<>(p.size());
    for (int i = 0; i < p.size(); i++) {
      out.add(rule.apply(i, p.get(i)));
    }
    return out;
  }

  private static List<PyNumber> method3(List<PyNumber> p, NgramMatches m) {
    List<PyNumber> out = new ArrayList<>(p);
    long scale = 2;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).signum() == 0) {
        out.set(i, PyNumber.ofDouble(1.0 / (double) (scale * den(m, i))));
        scale *= 2;
      }
    }
    return out;
  }

  private static List<PyNumber> method4(List<PyNumber> p, NgramMatches m, int hypLen) {
    List<PyNumber> out = new ArrayList<>(p);
    long scale = 2;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).signum() == 0 && hypLen > 1) {
        double numerator = 1 / ((double) (scale * K) / Math.log(hypLen));
        out.set(i, PyNumber.ofDouble(numerator / den(m, i)));
        scale *= 2;
      }
    }
    return out;
  }

  private static List<PyNumber> method5(List<PyNumber> p, NgramMatches m) {
    int orders = p.size();
    List<PyNumber> original = new ArrayList<>(p);
    original.add(precision(m, orders + 1));
    List<PyNumber> out = new ArrayList<>(p);
    PyNumber previous = p.get(0).plus(1);
    for (int i = 0; i < orders; i++) {
      PyNumber v = previous.plus(out.get(i)).plus(original.get(i + 1)).dividedBy(3);
      out.set(i, v);
      previous = v;
    }
    return out;
  }

  private static List<PyNumber> method6(List<PyNumber> p, NgramMatches m, int hypLen) {
    if (p.get(2).signum() == 0) {
      throw new IllegalArgumentException(
          "NLTK method6 needs a non-zero trigram precision (NLTK raises AssertionError here)");
    }
    List<PyNumber> out = new ArrayList<>(p);
    for (int i = 2; i < out.size(); i++) {
      PyNumber before = out.get(i - 2);
      long l = Math.max(0, hypLen - i);
      long matches = m.correct(i + 1);
      if (before.signum() == 0) {
        out.set(i, PyNumber.fraction(matches, l + ALPHA));
      } else {
        PyNumber pi0 = out.get(i - 1).times(out.get(i - 1)).dividedBy(before);
        out.set(i, pi0.times(ALPHA).plus(matches).dividedBy(l + ALPHA));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "NltkBleu{weights=" + Arrays.toString(weights) + ", smoothing=" + smoothing + "}";
  }
}
