package io.github.mgs4j.losses.bleu;

import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * BLEU with sacrebleu 2.x semantics on the 0–100 scale: 13a tokenization of {@code rstrip()}-ed (and
 * optionally lower-cased) lines, clipped n-gram matches up to order 4, the closest reference length (ties to
 * the shorter), the brevity penalty, and {@code exp}/{@code floor}/{@code add-k}/{@code none} smoothing with
 * optional effective order. The geometric mean is a naive left-to-right sum of logs, as in CPython ≤ 3.11,
 * with {@code log 0} floored to −9999999999; results are bit-identical to sacrebleu.
 *
 * <p>{@link #sentence()} is {@code sacrebleu.sentence_bleu}'s configuration (exp, effective order on);
 * {@link #corpus()} is {@code sacrebleu.corpus_bleu}'s (exp, effective order off). Immutable and thread-safe.
 */
public final class SacreBleu {
  /** The n-gram order. */
  public static final int MAX_ORDER = 4;

  private final Smoothing smoothing;
  private final double smoothValue;
  private final boolean effectiveOrder;
  private final boolean lowercase;

  /**
   * Creates a scorer.
   *
   * @param smoothing the smoothing method
   * @param smoothValue the floor or k ({@code NaN} for the method's default)
   * @param effectiveOrder whether orders the hypothesis is too short for are left out of the mean
   * @param lowercase whether lines are lower-cased first (Python {@code str.lower()})
   */
  public SacreBleu(Smoothing smoothing, double smoothValue, boolean effectiveOrder, boolean lowercase) {
    this.smoothing = Objects.requireNonNull(smoothing, "smoothing");
    this.smoothValue = Double.isNaN(smoothValue) ? smoothing.defaultValue() : smoothValue;
    this.effectiveOrder = effectiveOrder;
    this.lowercase = lowercase;
  }

  /** {@code sacrebleu.sentence_bleu} defaults: exp smoothing, effective order, case-sensitive. */
  public static SacreBleu sentence() {
    return sentence(Smoothing.EXP);
  }

  /** {@code sacrebleu.sentence_bleu(..., smooth_method=m)}: effective order on. */
  public static SacreBleu sentence(Smoothing smoothing) {
    return new SacreBleu(smoothing, Double.NaN, true, false);
  }

  /** {@code sacrebleu.corpus_bleu} defaults: exp smoothing, no effective order, case-sensitive. */
  public static SacreBleu corpus() {
    return new SacreBleu(Smoothing.EXP, Double.NaN, false, false);
  }

  /** The sentence BLEU of one hypothesis against one or more references (0–100). */
  public double score(String hypothesis, String... references) {
    return sentenceStatistics(hypothesis, List.of(references)).score(smoothing, smoothValue, effectiveOrder);
  }

  /** The sentence BLEU of one hypothesis against its references (0–100). */
  public double score(String hypothesis, List<String> references) {
    return sentenceStatistics(hypothesis, references).score(smoothing, smoothValue, effectiveOrder);
  }

  /**
   * Corpus BLEU: statistics summed over segments, then one score (0–100).
   *
   * @param hypotheses one line per segment
   * @param references one list of references per segment
   */
  public double corpusScore(List<String> hypotheses, List<List<String>> references) {
    Objects.requireNonNull(hypotheses, "hypotheses");
    Objects.requireNonNull(references, "references");
    if (hypotheses.size() != references.size()) {
      throw new IllegalArgumentException(
          hypotheses.size() + " hypotheses but " + references.size() + " reference lists");
    }
    BleuStatistics sum = BleuStatistics.EMPTY;
    for (int i = 0; i < hypotheses.size(); i++) {
      sum = sum.plus(sentenceStatistics(hypotheses.get(i), references.get(i)));
    }
    return sum.score(smoothing, smoothValue, effectiveOrder);
  }

  /** The sufficient statistics of one segment. */
  public BleuStatistics sentenceStatistics(String hypothesis, List<String> references) {
    Objects.requireNonNull(hypothesis, "hypothesis");
    Objects.requireNonNull(references, "references");
    if (references.isEmpty()) {
      throw new IllegalArgumentException("at least one reference is needed");
    }
    String[] hyp = tokens(hypothesis);
    List<String[]> refs = new ArrayList<>(references.size());
    int refLen = -1;
    for (String r : references) {
      String[] ref = tokens(Objects.requireNonNull(r, "reference"));
      refs.add(ref);
      int diff = Math.abs(hyp.length - ref.length);
      int best = Math.abs(hyp.length - refLen);
      if (refLen < 0 || diff < best || (diff == best && ref.length < refLen)) {
        refLen = ref.length;
      }
    }
    NgramMatches m = NgramMatches.of(hyp, refs, MAX_ORDER);
    return new BleuStatistics(hyp.length, refLen, m.correct(), m.total());
  }

  /** The 13a tokens sacrebleu scores for a line under this configuration. */
  public String[] tokens(String line) {
    String s = lowercase ? line.toLowerCase(Locale.ROOT) : line;
    return Tokenizer13a.tokenize(PythonWhitespace.rstrip(s));
  }

  /** sacrebleu's signature fragment for this configuration, e.g. {@code eff:yes|tok:13a|smooth:exp}. */
  public String signature() {
    return "case:" + (lowercase ? "lc" : "mixed") + "|eff:" + (effectiveOrder ? "yes" : "no")
        + "|tok:13a|smooth:" + smoothing.sacrebleuName();
  }
}
