package io.github.mgs4j.losses.corpus;

import io.github.mgs4j.losses.text.DenseIds;
import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * chrF and chrF++ exactly as sacrebleu 2.6.0's {@code CHRF} computes them at corpus level: character n-grams
 * of orders 1–{@code charOrder} over the segment with Python whitespace removed (kept with
 * {@code whitespace}), plus word n-grams of orders 1–{@code wordOrder} over {@code str.split()} tokens with
 * one leading or trailing ASCII punctuation mark split off (chrF++ is {@code wordOrder = 2}); per order the
 * hypothesis, reference and matched counts ({@code Σ min}); with several references the statistics of the
 * reference with the best segment F-score; statistics summed over the corpus; then the F-beta of the
 * precisions and recalls averaged over the orders both sides have ("effective order", sacrebleu's default,
 * no epsilon smoothing). Statistics per segment: {@code [hyp, ref, match]} per order, character orders first.
 *
 * <pre>{@code
 * Chrf.chrf().score(hypotheses, references)          // name chrF2
 * Chrf.chrfPlusPlus().score(hypotheses, references)  // name chrF2++
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Chrf extends CorpusMetric {
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final Chrf CHRF = new Chrf(6, 0, 2, false, false);
  private static final Chrf CHRF_PLUS_PLUS = new Chrf(6, 2, 2, false, false);

  private final int charOrder;
  private final int wordOrder;
  private final int beta;
  private final boolean lowercase;
  private final boolean whitespace;

  /**
   * A configuration, as {@code CHRF(char_order, word_order, beta, lowercase, whitespace)}.
   *
   * @param charOrder the character n-gram order (sacrebleu: 6)
   * @param wordOrder the word n-gram order (0: chrF, 2: chrF++)
   * @param beta the recall weight (sacrebleu: 2)
   * @param lowercase whether segments are lower-cased first
   * @param whitespace whether whitespace is kept in character n-grams
   */
  public Chrf(int charOrder, int wordOrder, int beta, boolean lowercase, boolean whitespace) {
    if (charOrder < 1 || wordOrder < 0 || beta < 0) {
      throw new IllegalArgumentException("need charOrder >= 1, wordOrder >= 0 and beta >= 0, got "
          + charOrder + ", " + wordOrder + ", " + beta);
    }
    this.charOrder = charOrder;
    this.wordOrder = wordOrder;
    this.beta = beta;
    this.lowercase = lowercase;
    this.whitespace = whitespace;
  }

  /** sacrebleu's {@code CHRF()}: chrF2 (6 character orders, β = 2). */
  public static Chrf chrf() {
    return CHRF;
  }

  /** sacrebleu's {@code CHRF(word_order=2)}: chrF2++. */
  public static Chrf chrfPlusPlus() {
    return CHRF_PLUS_PLUS;
  }

  @Override
  public String name() {
    return "chrF" + beta + "+".repeat(wordOrder);
  }

  @Override
  public long[] segmentStatistics(String hypothesis, List<String> references) {
    Objects.requireNonNull(hypothesis, "hypothesis");
    Objects.requireNonNull(references, "references");
    if (references.isEmpty()) {
      throw new IllegalArgumentException("at least one reference is needed");
    }
    String hyp = preprocess(hypothesis);
    long[] best = null;
    double bestF = -1.0;
    for (String r : references) {
      String ref = preprocess(Objects.requireNonNull(r, "reference"));
      long[] stats = new long[3 * (charOrder + wordOrder)];
      countOrders(characters(hyp), characters(ref), charOrder, stats, 0);
      if (wordOrder > 0) {
        Map<String, Integer> vocabulary = new HashMap<>();
        countOrders(words(hyp, vocabulary), words(ref, vocabulary), wordOrder, stats, 3 * charOrder);
      }
      double f = scoreOf(stats);
      if (f > bestF) {
        bestF = f;
        best = stats;
      }
    }
    return best;
  }

  private String preprocess(String s) {
    return lowercase ? s.toLowerCase(Locale.ROOT) : s;
  }

  /** The code points of the segment, Python whitespace removed unless {@code whitespace}. */
  private int[] characters(String s) {
    return (whitespace ? s : String.join("", PythonWhitespace.split(s))).codePoints().toArray();
  }

  /** sacrebleu's {@code _remove_punctuation}, as interned ids. */
  private static int[] words(String s, Map<String, Integer> vocabulary) {
    List<String> tokens = new ArrayList<>();
    for (String w : PythonWhitespace.split(s)) {
      int length = w.codePointCount(0, w.length());
      if (length == 1) {
        tokens.add(w);
        continue;
      }
      int last = w.codePointBefore(w.length());
      int first = w.codePointAt(0);
      if (isPunctuation(last)) {
        int cut = w.length() - Character.charCount(last);
        tokens.add(w.substring(0, cut));
        tokens.add(w.substring(cut));
      } else if (isPunctuation(first)) {
        tokens.add(w.substring(0, 1));
        tokens.add(w.substring(1));
      } else {
        tokens.add(w);
      }
    }
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = vocabulary.computeIfAbsent(tokens.get(i), k -> vocabulary.size());
    }
    return ids;
  }

  private static boolean isPunctuation(int cp) {
    return cp < 128 && PUNCTUATION.indexOf(cp) >= 0;
  }

  /**
   * Writes {@code [hyp, ref, match]} for orders 1..maxOrder at {@code offset}: the hypothesis count is 0 when
   * the reference has no n-gram of that order (sacrebleu's {@code hyp_count if ref_ngrams else 0}).
   */
  private static void countOrders(int[] hyp, int[] ref, int maxOrder, long[] stats, int offset) {
    int[] h = hyp.clone();
    int[] r = ref.clone();
    for (int n = 1; n <= maxOrder; n++) {
      int hypCount = Math.max(0, hyp.length - n + 1);
      int refCount = Math.max(0, ref.length - n + 1);
      long matches = 0;
      if (hypCount > 0 && refCount > 0) {
        DenseIds ids = new DenseIds(hypCount + refCount);
        int[] hg = new int[hypCount];
        int[] rg = new int[refCount];
        for (int i = 0; i < hypCount; i++) {
          hg[i] = ids.idOf(n == 1 ? hyp[i] : DenseIds.pair(h[i], hyp[i + n - 1]));
        }
        for (int i = 0; i < refCount; i++) {
          rg[i] = ids.idOf(n == 1 ? ref[i] : DenseIds.pair(r[i], ref[i + n - 1]));
        }
        int[] hc = new int[ids.size()];
        int[] rc = new int[ids.size()];
        for (int g : hg) {
          hc[g]++;
        }
        for (int g : rg) {
          rc[g]++;
        }
        for (int g = 0; g < hc.length; g++) {
          matches += Math.min(hc[g], rc[g]);
        }
        h = hg;
        r = rg;
      }
      stats[offset + 3 * (n - 1)] = refCount > 0 ? hypCount : 0;
      stats[offset + 3 * (n - 1) + 1] = refCount;
      stats[offset + 3 * (n - 1) + 2] = matches;
    }
  }

  /** {@code _compute_f_score} on Python integers: doubles throughout. */
  @Override
  public double scoreOf(long[] statistics) {
    int orders = charOrder + wordOrder;
    double avgPrecision = 0.0;
    double avgRecall = 0.0;
    int effective = 0;
    for (int i = 0; i < orders; i++) {
      long nHyp = statistics[3 * i];
      long nRef = statistics[3 * i + 1];
      long nMatch = statistics[3 * i + 2];
      if (nHyp > 0 && nRef > 0) {
        avgPrecision += (double) nMatch / nHyp;
        avgRecall += (double) nMatch / nRef;
        effective++;
      }
    }
    if (effective == 0) {
      return 0.0;
    }
    avgPrecision /= effective;
    avgRecall /= effective;
    if (avgPrecision + avgRecall == 0.0) {
      return 0.0;
    }
    int factor = beta * beta;
    double score = (1 + factor) * avgPrecision * avgRecall;
    score /= (factor * avgPrecision) + avgRecall;
    return 100 * score;
  }

  /**
   * {@code _compute_f_score} on numpy {@code float32} sums: under numpy 2's promotion rules precisions,
   * recalls, their averages and the score stay {@code float32}; the zero results are Python floats.
   */
  @Override
  Resampled resampledScoreOf(float[] s) {
    int orders = charOrder + wordOrder;
    float avgPrecision = 0f;
    float avgRecall = 0f;
    int effective = 0;
    for (int i = 0; i < orders; i++) {
      float nHyp = s[3 * i];
      float nRef = s[3 * i + 1];
      float nMatch = s[3 * i + 2];
      if (nHyp > 0 && nRef > 0) {
        avgPrecision += nMatch / nHyp;
        avgRecall += nMatch / nRef;
        effective++;
      }
    }
    if (effective == 0) {
      return new Resampled(0.0, false);
    }
    avgPrecision /= effective;
    avgRecall /= effective;
    if (avgPrecision + avgRecall == 0f) {
      return new Resampled(0.0, false);
    }
    float factor = beta * beta;
    float score = (1 + factor) * avgPrecision * avgRecall;
    score /= (factor * avgPrecision) + avgRecall;
    return new Resampled(100f * score, true);
  }

  @Override
  String signatureFields() {
    return "case:" + (lowercase ? "lc" : "mixed") + "|eff:yes|nc:" + charOrder + "|nw:" + wordOrder
        + "|space:" + (whitespace ? "yes" : "no");
  }
}
