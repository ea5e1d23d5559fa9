package io.github.mgs4j.losses.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A corpus-level metric with sacrebleu 2.6.0's semantics: each segment yields a vector of sufficient
 * statistics (counts) against its references, the statistics are summed over the corpus and the score is
 * computed once from the sums. Implementations: {@link CorpusBleu} ({@code BLEU}) and {@link Chrf}
 * ({@code chrF2}, {@code chrF2++}). {@link PairedBootstrap} resamples the same statistics.
 *
 * <p>References come as sacrebleu takes them: a list of reference <em>streams</em>, each holding one
 * reference per segment ({@code corpus_bleu(hyps, [refs])} is {@code scoreStreams(hyps, List.of(refs))}); a
 * {@code null} entry in a stream means "no such reference for this segment". Immutable and thread-safe.
 */
public abstract sealed class CorpusMetric permits CorpusBleu, Chrf {
  /** The version of sacrebleu whose semantics (and signature format) this reproduces. */
  public static final String SACREBLEU_VERSION = "2.6.0";

  CorpusMetric() {}

  /** The metric's name as sacrebleu prints it ({@code BLEU}, {@code chrF2}, {@code chrF2++}, …). */
  public abstract String name();

  /**
   * The sufficient statistics of one segment against its references.
   *
   * @param hypothesis the hypothesis segment
   * @param references its references (at least one)
   * @return the counts, in sacrebleu's order
   */
  public abstract long[] segmentStatistics(String hypothesis, List<String> references);

  /** The score (0–100) of summed statistics, exactly as sacrebleu computes it from Python integers. */
  public abstract double scoreOf(long[] statistics);

  /**
   * The score of resampled statistics as sacrebleu's bootstrap computes it: from {@code float32} sums, with
   * numpy 2's promotion rules, and whether the result is a numpy {@code float32} (else a Python float).
   */
  abstract Resampled resampledScoreOf(float[] statistics);

  /** The metric-specific part of the signature, e.g. {@code case:mixed|eff:no|tok:13a|smooth:exp}. */
  abstract String signatureFields();

  /** One bootstrap score and whether numpy holds it as {@code float32}. */
  record Resampled(double value, boolean float32) {}

  /**
   * The corpus score against one reference per segment: {@code corpus_score(hypotheses, [references])}.
   *
   * @param hypotheses one hypothesis per segment
   * @param references one reference per segment
   */
  public final CorpusScore score(List<String> hypotheses, List<String> references) {
    return scoreStreams(hypotheses, List.of(Objects.requireNonNull(references, "references")));
  }

  /**
   * The corpus score against several reference streams: {@code corpus_score(hypotheses, referenceStreams)}.
   *
   * @param hypotheses one hypothesis per segment
   * @param referenceStreams reference streams, each with one entry (or {@code null}) per segment
   */
  public final CorpusScore scoreStreams(List<String> hypotheses, List<? extends List<String>> referenceStreams) {
    long[] sum = sum(statistics(hypotheses, referenceStreams));
    return new CorpusScore(name(), scoreOf(sum), signature(referenceCount(hypotheses.size(), referenceStreams), ""));
  }

  /**
   * The statistics of every segment (rows in segment order).
   *
   * @param hypotheses one hypothesis per segment
   * @param referenceStreams reference streams, each with one entry (or {@code null}) per segment
   * @throws IllegalArgumentException when a stream's length differs from the hypotheses' or a segment has no
   *     reference
   */
  public final long[][] statistics(List<String> hypotheses, List<? extends List<String>> referenceStreams) {
    List<List<String>> perSegment = referencesPerSegment(hypotheses, referenceStreams);
    long[][] out = new long[hypotheses.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = segmentStatistics(Objects.requireNonNull(hypotheses.get(i), "hypothesis " + i), perSegment.get(i));
    }
    return out;
  }

  /** Column sums of segment statistics. */
  static long[] sum(long[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("the corpus is empty");
    }
    long[] total = new long[rows[0].length];
    for (long[] row : rows) {
      for (int j = 0; j < total.length; j++) {
        total[j] += row[j];
      }
    }
    return total;
  }

  /** sacrebleu's signature: {@code nrefs:N|[bs:B|seed:S|]<fields>|version:2.6.0}. */
  final String signature(String nrefs, String resampling) {
    return "nrefs:" + nrefs + "|" + resampling + signatureFields() + "|version:" + SACREBLEU_VERSION;
  }

  /** The {@code nrefs} value: the common number of references per segment, or {@code var}. */
  static String referenceCount(int segments, List<? extends List<String>> referenceStreams) {
    int common = -1;
    for (int i = 0; i < segments; i++) {
      int n = 0;
      for (List<String> stream : referenceStreams) {
        if (stream.get(i) != null) {
          n++;
        }
      }
      if (common >= 0 && n != common) {
        return "var";
      }
      common = n;
    }
    return Integer.toString(common);
  }

  static List<List<String>> referencesPerSegment(List<String> hypotheses,
      List<? extends List<String>> referenceStreams) {
    Objects.requireNonNull(hypotheses, "hypotheses");
    Objects.requireNonNull(referenceStreams, "referenceStreams");
    if (hypotheses.isEmpty()) {
      throw new IllegalArgumentException("the corpus is empty: no hypotheses");
    }
    if (referenceStreams.isEmpty()) {
      throw new IllegalArgumentException("at least one reference stream is needed");
    }
    for (int s = 0; s < referenceStreams.size(); s++) {
      List<String> stream = Objects.requireNonNull(referenceStreams.get(s), "reference stream " + s);
      if (stream.size() != hypotheses.size()) {
        throw new IllegalArgumentException("reference stream " + s + " has " + stream.size()
            + " segments but there are " + hypotheses.size() + " hypotheses");
      }
    }
    List<List<String>> out = new ArrayList<>(hypotheses.size());
    for (int i = 0; i < hypotheses.size(); i++) {
      List<String> refs = new ArrayList<>(referenceStreams.size());
      for (List<String> stream : referenceStreams) {
        if (stream.get(i) != null) {
          refs.add(stream.get(i));
        }
      }
      if (refs.isEmpty()) {
        throw new IllegalArgumentException("segment " + i + " has no reference");
      }
      out.add(refs);
    }
    return out;
  }
}
