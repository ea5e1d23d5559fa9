package io.github.mgs4j.losses.corpus;

import java.util.List;
import java.util.Objects;

/**
 * Paired bootstrap resampling between a baseline and a system against the same references, exactly as
 * sacrebleu 2.6.0's {@code --paired-bs} computes it (after Koehn 2004 and Moses'
 * {@code bootstrap-hypothesis-difference-significance.pl}): {@code resamples} resamples of the segment
 * indices drawn with replacement from numpy's {@code default_rng(seed)} (reproduced bit for bit, so the
 * resamples are sacrebleu's), the same resample applied to both systems, each resample scored from its summed
 * statistics; the 95 % interval of a system's resampled scores (the {@code n/40}-th smallest and largest),
 * their mean, and the p-value {@code (c + 1)/(resamples + 1)} where {@code c} counts resamples whose centred
 * absolute difference {@code |s − b| − mean|s − b|} exceeds the observed {@code |S − B|}. sacrebleu's defaults:
 * 1000 resamples, seed 12345.
 *
 * <p>Beyond sacrebleu, each comparison also carries the 95 % interval of the difference system − baseline
 * over the same resamples ({@link Comparison#deltaLower()}, {@link Comparison#deltaUpper()}).
 *
 * <pre>{@code
 * PairedBootstrap.Comparison c = PairedBootstrap.sacrebleu()
 *     .compare(CorpusBleu.sacrebleu(), baselineHyps, systemHyps, references);
 * c.system().score(); c.system().mean(); c.system().ci(); c.pValue();
 * double[] bleuDeltaCi = {c.deltaLower(), c.deltaUpper()};
 * }</pre>
 *
 * <p>Immutable and thread-safe; each call draws its own stream from the seed.
 */
public final class PairedBootstrap {
  /** sacrebleu's number of resamples for {@code --paired-bs}. */
  public static final int DEFAULT_RESAMPLES = 1000;
  /** sacrebleu's default seed ({@code SACREBLEU_SEED}). */
  public static final long DEFAULT_SEED = 12345;

  private final int resamples;
  private final long seed;

  /**
   * A test with the given number of resamples and seed.
   *
   * @param resamples the number of bootstrap resamples, at least 1
   * @param seed numpy's seed, non-negative (sacrebleu treats 0 as "unseeded"; here it is an ordinary seed)
   */
  public PairedBootstrap(int resamples, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    if (seed < 0) {
      throw new IllegalArgumentException("the seed must be non-negative, got " + seed);
    }
    this.resamples = resamples;
    this.seed = seed;
  }

  /** sacrebleu's defaults: 1000 resamples, seed 12345. */
  public static PairedBootstrap sacrebleu() {
    return new PairedBootstrap(DEFAULT_RESAMPLES, DEFAULT_SEED);
  }

  /** The number of resamples. */
  public int resamples() {
    return resamples;
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /**
   * One system's bootstrap estimate.
   *
   * @param score the corpus score on the real data
   * @param mean the mean of the resampled scores
   * @param ci half the width of the 95 % interval, as sacrebleu prints {@code μ ± ci}
   * @param lower the lower end of the 95 % interval (the {@code n/40}-th smallest resampled score)
   * @param upper the upper end of the 95 % interval
   */
  public record Estimate(double score, double mean, double ci, double lower, double upper) {}

  /**
   * The outcome of one paired test.
   *
   * @param name the metric's name ({@code BLEU}, {@code chrF2}, …)
   * @param signature sacrebleu's signature with {@code bs} and {@code seed}
   * @param baseline the baseline's estimate
   * @param system the system's estimate
   * @param pValue the p-value of the difference (sacrebleu's)
   * @param deltaLower the lower end of the 95 % interval of system − baseline over the resamples
   * @param deltaUpper the upper end of that interval
   */
  public record Comparison(String name, String signature, Estimate baseline, Estimate system, double pValue,
      double deltaLower, double deltaUpper) {
    /** The observed difference system − baseline. */
    public double delta() {
      return system.score() - baseline.score();
    }
  }

  /**
   * Compares a system with a baseline against one reference per segment.
   *
   * @param metric the metric
   * @param baseline the baseline's hypotheses, one per segment
   * @param system the system's hypotheses, one per segment
   * @param references one reference per segment
   */
  public Comparison compare(CorpusMetric metric, List<String> baseline, List<String> system,
      List<String> references) {
    return compareStreams(metric, baseline, system, List.of(Objects.requireNonNull(references, "references")));
  }

  /**
   * Compares a system with a baseline against several reference streams.
   *
   * @param metric the metric
   * @param baseline the baseline's hypotheses, one per segment
   * @param system the system's hypotheses, one per segment
   * @param referenceStreams reference streams, each with one entry (or {@code null}) per segment
   * @throws IllegalArgumentException when the lengths differ or the corpus is empty
   */
  public Comparison compareStreams(CorpusMetric metric, List<String> baseline, List<String> system,
      List<? extends List<String>> referenceStreams) {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(system, "system");
    if (baseline.size() != system.size()) {
      throw new IllegalArgumentException(
          "the baseline has " + baseline.size() + " segments but the system has " + system.size());
    }
    long[][] baseStats = metric.statistics(baseline, referenceStreams);
    long[][] sysStats = metric.statistics(system, referenceStreams);
    NumpyArray[] scores = resampledScores(metric, baseStats, sysStats);
    double baseScore = metric.scoreOf(CorpusMetric.sum(baseStats));
    double sysScore = metric.scoreOf(CorpusMetric.sum(sysStats));
    NumpyArray differences = scores[1].minus(scores[0]);
    NumpyArray absolute = differences.abs();
    int exceeding = absolute.minus(absolute.mean()).countGreater(Math.abs(baseScore - sysScore));
    double p = (double) (exceeding + 1) / (resamples + 1);
    NumpyArray sortedDelta = differences.sorted();
    int lo = resamples / 40;
    String signature = metric.signature(CorpusMetric.referenceCount(baseline.size(), referenceStreams),
        "bs:" + resamples + "|seed:" + seed + "|");
    return new Comparison(metric.name(), signature, estimate(baseScore, scores[0]),
        estimate(sysScore, scores[1]), p, sortedDelta.get(lo), sortedDelta.get(resamples - lo - 1));
  }

  /** The baseline's and the system's score on every resample, drawn in numpy's order. */
  private NumpyArray[] resampledScores(CorpusMetric metric, long[][] baseStats, long[][] sysStats) {
    int segments = baseStats.length;
    float[][] base = toFloat32(baseStats);
    float[][] sys = toFloat32(sysStats);
    int width = base[0].length;
    NumpyPcg64 rng = new NumpyPcg64(seed);
    double[] baseScores = new double[resamples];
    double[] sysScores = new double[resamples];
    boolean baseFloat32 = true;
    boolean sysFloat32 = true;
    for (int r = 0; r < resamples; r++) {
      float[] baseSum = new float[width];
      float[] sysSum = new float[width];
      for (int i = 0; i < segments; i++) {
        int index = rng.nextIndex(segments);
        float[] b = base[index];
        float[] s = sys[index];
        for (int j = 0; j < width; j++) {
          baseSum[j] += b[j];
          sysSum[j] += s[j];
        }
      }
      CorpusMetric.Resampled rb = metric.resampledScoreOf(baseSum);
      CorpusMetric.Resampled rs = metric.resampledScoreOf(sysSum);
      baseScores[r] = rb.value();
      sysScores[r] = rs.value();
      baseFloat32 &= rb.float32();
      sysFloat32 &= rs.float32();
    }
    return new NumpyArray[] {new NumpyArray(baseScores, baseFloat32), new NumpyArray(sysScores, sysFloat32)};
  }

  private static float[][] toFloat32(long[][] stats) {
    float[][] out = new float[stats.length][];
    for (int i = 0; i < stats.length; i++) {
      out[i] = new float[stats[i].length];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = (float) stats[i][j];
      }
    }
    return out;
  }

  /** sacrebleu's {@code estimate_ci}: mean and half-width of the sorted scores' 95 % interval. */
  private Estimate estimate(double score, NumpyArray scores) {
    NumpyArray sorted = scores.sorted();
    int lo = resamples / 40;
    double lower = sorted.get(lo);
    double upper = sorted.get(resamples - lo - 1);
    double ci = sorted.isFloat32() ? 0.5f * ((float) upper - (float) lower) : 0.5 * (upper - lower);
    return new Estimate(score, sorted.mean(), ci, lower, upper);
  }
}
