package io.github.mgs4j.losses.corpus;

import io.github.mgs4j.losses.bleu.BleuStatistics;
import io.github.mgs4j.losses.bleu.SacreBleu;
import io.github.mgs4j.losses.bleu.Smoothing;
import java.util.List;

/**
 * Corpus BLEU exactly as {@code sacrebleu.corpus_bleu} / {@code BLEU().corpus_score} 2.6.0 computes it: 13a
 * tokenization of {@code rstrip()}-ed segments, n-gram statistics up to order 4 against the per-n-gram
 * maximum over the references, the closest reference length per segment, statistics summed over the corpus,
 * {@code exp} smoothing, no effective order. Statistics per segment, in sacrebleu's order:
 * {@code [sys_len, ref_len, correct_1..4, total_1..4]}.
 *
 * <pre>{@code
 * CorpusScore bleu = CorpusBleu.sacrebleu().score(hypotheses, references);   // bleu.score() == 34.12…
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CorpusBleu extends CorpusMetric {
  private static final CorpusBleu DEFAULT = new CorpusBleu(false);
  private static final double LOG_ZERO = -9999999999.0;

  private final SacreBleu bleu;

  private CorpusBleu(boolean lowercase) {
    this.bleu = new SacreBleu(Smoothing.EXP, Double.NaN, false, lowercase);
  }

  /** sacrebleu's {@code BLEU()} defaults (case-sensitive). */
  public static CorpusBleu sacrebleu() {
    return DEFAULT;
  }

  /** {@code BLEU(lowercase=True)}: segments lower-cased before tokenization. */
  public static CorpusBleu lowercase() {
    return new CorpusBleu(true);
  }

  @Override
  public String name() {
    return "BLEU";
  }

  @Override
  public long[] segmentStatistics(String hypothesis, List<String> references) {
    BleuStatistics s = bleu.sentenceStatistics(hypothesis, references);
    long[] out = new long[2 + 2 * SacreBleu.MAX_ORDER];
    out[0] = s.sysLen();
    out[1] = s.refLen();
    int[] correct = s.correct();
    int[] total = s.total();
    for (int n = 0; n < SacreBleu.MAX_ORDER; n++) {
      out[2 + n] = correct[n];
      out[2 + SacreBleu.MAX_ORDER + n] = total[n];
    }
    return out;
  }

  @Override
  public double scoreOf(long[] statistics) {
    int[] correct = new int[SacreBleu.MAX_ORDER];
    int[] total = new int[SacreBleu.MAX_ORDER];
    for (int n = 0; n < SacreBleu.MAX_ORDER; n++) {
      correct[n] = Math.toIntExact(statistics[2 + n]);
      total[n] = Math.toIntExact(statistics[2 + SacreBleu.MAX_ORDER + n]);
    }
    return new BleuStatistics(Math.toIntExact(statistics[0]), Math.toIntExact(statistics[1]), correct, total)
        .score(Smoothing.EXP, 0.0, false);
  }

  /**
   * {@code compute_bleu} on numpy {@code float32} sums: precisions are {@code float32} (numpy 2 keeps a
   * Python float times a {@code float32} in {@code float32}); lengths, logs and the result are Python floats.
   */
  @Override
  Resampled resampledScoreOf(float[] s) {
    long sysLen = (long) s[0];
    long refLen = (long) s[1];
    double bp = 1.0;
    if (sysLen < refLen) {
      bp = sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0;
    }
    boolean any = false;
    for (int n = 0; n < SacreBleu.MAX_ORDER; n++) {
      any |= s[2 + n] != 0f;
    }
    if (!any) {
      return new Resampled(0.0, false);
    }
    float[] precisions = new float[SacreBleu.MAX_ORDER];
    double smooth = 1.0;
    for (int n = 0; n < SacreBleu.MAX_ORDER; n++) {
      float correct = s[2 + n];
      float total = s[2 + SacreBleu.MAX_ORDER + n];
      if (total == 0f) {
        break;
      }
      if (correct == 0f) {
        smooth *= 2;
        precisions[n] = 100f / ((float) smooth * total);
      } else {
        precisions[n] = 100f * correct / total;
      }
    }
    double sum = 0.0;
    for (float p : precisions) {
      sum += p == 0f ? LOG_ZERO : Math.log(p);
    }
    return new Resampled(bp * Math.exp(sum / SacreBleu.MAX_ORDER), false);
  }

  @Override
  String signatureFields() {
    return bleu.signature();
  }
}
