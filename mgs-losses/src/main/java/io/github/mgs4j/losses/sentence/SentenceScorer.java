package io.github.mgs4j.losses.sentence;

import io.github.mgs4j.losses.bleu.BleuStatistics;
import io.github.mgs4j.losses.bleu.NltkBleu;
import io.github.mgs4j.losses.bleu.NltkSmoothing;
import io.github.mgs4j.losses.bleu.SacreBleu;
import io.github.mgs4j.losses.bleu.Smoothing;
import io.github.mgs4j.losses.edit.Levenshtein;
import io.github.mgs4j.losses.meteor.Meteor;
import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Scores hypothesis/reference pairs on a chosen set of {@link SentenceMetric}s, sharing the work the
 * metrics have in common: one {@code str.split()} per side, one 13a tokenization and n-gram count for all
 * four sacreBLEU smoothings. Values are those of the single-metric classes ({@link SacreBleu}, {@link
 * NltkBleu}, {@link Meteor}, {@link Levenshtein}), bit for bit.
 *
 * <pre>{@code
 * SentenceScorer scorer = SentenceScorer.of(SentenceMetric.SACREBLEU, SentenceMetric.NLTK_METEOR);
 * double[][] scores = scorer.scoreAll(hypotheses, references);   // [pair][metric], in parallel
 * }</pre>
 *
 * <p>Immutable and thread-safe: {@link #scoreAll} runs on the common fork-join pool (or a given one) and
 * returns rows in input order.
 */
public final class SentenceScorer {
  private static final SacreBleu SACREBLEU = SacreBleu.sentence();
  private static final NltkBleu METHOD1 = new NltkBleu(NltkSmoothing.METHOD1);
  private static final Meteor METEOR = Meteor.nltk();

  private final SentenceMetric[] metrics;
  private final boolean needsTokens;
  private final boolean needsBleu;

  private SentenceScorer(Set<SentenceMetric> chosen) {
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("choose at least one metric");
    }
    this.metrics = chosen.toArray(new SentenceMetric[0]);
    EnumSet<SentenceMetric> tokenMetrics = EnumSet.of(SentenceMetric.NLTK_BLEU_METHOD1, SentenceMetric.NLTK_METEOR,
        SentenceMetric.LEV_TOKEN, SentenceMetric.LEV_TOKEN_NORM);
    EnumSet<SentenceMetric> bleuMetrics = EnumSet.range(SentenceMetric.SACREBLEU, SentenceMetric.SACREBLEU_NONE);
    this.needsTokens = chosen.stream().anyMatch(tokenMetrics::contains);
    this.needsBleu = chosen.stream().anyMatch(bleuMetrics::contains);
  }

  /** A scorer for the given metrics (kept in {@link SentenceMetric} order, duplicates ignored). */
  public static SentenceScorer of(SentenceMetric... metrics) {
    EnumSet<SentenceMetric> set = EnumSet.noneOf(SentenceMetric.class);
    for (SentenceMetric m : metrics) {
      set.add(Objects.requireNonNull(m, "metric"));
    }
    return new SentenceScorer(set);
  }

  /** A scorer for all ten metrics, in {@link SentenceMetric} order (the CLI's). */
  public static SentenceScorer all() {
    return new SentenceScorer(EnumSet.allOf(SentenceMetric.class));
  }

  /** The metrics, in the order of each row's values. */
  public List<SentenceMetric> metrics() {
    return List.of(metrics);
  }

  /** The scores of one pair, in {@link #metrics()} order. */
  public double[] score(String hypothesis, String reference) {
    double[] out = new double[metrics.length];
    score(hypothesis, reference, out, 0);
    return out;
  }

  /**
   * Writes the scores of one pair into {@code out[offset, offset + metrics().size())}.
   *
   * @param hypothesis the hypothesis text
   * @param reference the reference text
   * @param out the destination
   * @param offset where the first value goes
   */
  public void score(String hypothesis, String reference, double[] out, int offset) {
    Objects.requireNonNull(hypothesis, "hypothesis");
    Objects.requireNonNull(reference, "reference");
    String[] h = needsTokens ? PythonWhitespace.split(hypothesis) : null;
    String[] r = needsTokens ? PythonWhitespace.split(reference) : null;
    BleuStatistics bleu = needsBleu ? SACREBLEU.sentenceStatistics(hypothesis, List.of(reference)) : null;
    int tokenDistance = -1;
    int charDistance = -1;
    for (int k = 0; k < metrics.length; k++) {
      double v;
      switch (metrics[k]) {
        case SACREBLEU:
          v = bleu.score(Smoothing.EXP, Smoothing.EXP.defaultValue(), true);
          break;
        case SACREBLEU_FLOOR:
          v = bleu.score(Smoothing.FLOOR, Smoothing.FLOOR.defaultValue(), true);
          break;
        case SACREBLEU_ADD_K:
          v = bleu.score(Smoothing.ADD_K, Smoothing.ADD_K.defaultValue(), true);
          break;
        case SACREBLEU_NONE:
          v = bleu.score(Smoothing.NONE, Smoothing.NONE.defaultValue(), true);
          break;
        case NLTK_BLEU_METHOD1:
          v = METHOD1.score(h, r);
          break;
        case NLTK_METEOR:
          v = METEOR.score(h, r);
          break;
        case LEV_TOKEN:
        case LEV_TOKEN_NORM:
          if (tokenDistance < 0) {
            tokenDistance = Levenshtein.distance(h, r);
          }
          v = metrics[k] == SentenceMetric.LEV_TOKEN ? tokenDistance : ratio(tokenDistance, r.length);
          break;
        case LEV_CHAR:
        case LEV_CHAR_NORM:
          if (charDistance < 0) {
            charDistance = Levenshtein.codePointDistance(hypothesis, reference);
          }
          v = metrics[k] == SentenceMetric.LEV_CHAR
              ? charDistance
              : ratio(charDistance, reference.codePointCount(0, reference.length()));
          break;
        default:
          throw new AssertionError(metrics[k]);
      }
      out[offset + k] = v;
    }
  }

  private static double ratio(int distance, int length) {
    return length == 0 ? Double.NaN : (double) distance / length;
  }

  /** Every pair in parallel on the common fork-join pool; rows in input order. */
  public double[][] scoreAll(List<String> hypotheses, List<String> references) {
    return scoreAll(hypotheses, references, ForkJoinPool.commonPool());
  }

  /**
   * Every pair in parallel on {@code pool}; rows in input order.
   *
   * @throws IllegalArgumentException when the lists differ in length
   */
  public double[][] scoreAll(List<String> hypotheses, List<String> references, ForkJoinPool pool) {
    Objects.requireNonNull(hypotheses, "hypotheses");
    Objects.requireNonNull(references, "references");
    Objects.requireNonNull(pool, "pool");
    if (hypotheses.size() != references.size()) {
      throw new IllegalArgumentException(
          hypotheses.size() + " hypotheses but " + references.size() + " references");
    }
    double[][] out = new double[hypotheses.size()][];
    Runnable work = () -> IntStream.range(0, out.length).parallel()
        .forEach(i -> out[i] = score(hypotheses.get(i), references.get(i)));
    pool.submit(work).join();
    return out;
  }
}
