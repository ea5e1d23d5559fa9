package io.github.mgs4j.losses.bleu;

/**
 * sacrebleu's BLEU sufficient statistics (hypothesis length, closest reference length, clipped matches and
 * hypothesis n-gram counts per order) and its {@code compute_bleu}. Immutable.
 *
 * @param sysLen hypothesis tokens
 * @param refLen closest reference tokens
 * @param correct clipped matches per order (order 1 first)
 * @param total hypothesis n-grams per order (order 1 first)
 */
public record BleuStatistics(int sysLen, int refLen, int[] correct, int[] total) {
  /** sacrebleu's floor for {@code log 0}. */
  static final double LOG_ZERO = -9999999999.0;

  /** No segments. */
  public static final BleuStatistics EMPTY =
      new BleuStatistics(0, 0, new int[SacreBleu.MAX_ORDER], new int[SacreBleu.MAX_ORDER]);

  /** Copies the arrays. */
  public BleuStatistics {
    correct = correct.clone();
    total = total.clone();
    if (correct.length != total.length) {
      throw new IllegalArgumentException("correct and total differ in length");
    }
  }

  @Override
  public int[] correct() {
    return correct.clone();
  }

  @Override
  public int[] total() {
    return total.clone();
  }

  /** The element-wise sum (corpus statistics). */
  public BleuStatistics plus(BleuStatistics other) {
    int[] c = correct.clone();
    int[] t = total.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] += other.correct[i];
      t[i] += other.total[i];
    }
    return new BleuStatistics(sysLen + other.sysLen, refLen + other.refLen, c, t);
  }

  /** sacrebleu's brevity penalty. */
  public double brevityPenalty() {
    if (sysLen < refLen) {
      return sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0;
    }
    return 1.0;
  }

  /**
   * {@code BLEU.compute_bleu} on the 0–100 scale.
   *
   * @param smoothing the smoothing method
   * @param smoothValue its floor or k
   * @param effectiveOrder whether to average only the orders the hypothesis has n-grams for
   */
  public double score(Smoothing smoothing, double smoothValue, boolean effectiveOrder) {
    double bp = brevityPenalty();
    boolean any = false;
    for (int c : correct) {
      any |= c != 0;
    }
    if (!any) {
      return 0.0;
    }
    int order = correct.length;
    double[] precisions = new double[order];
    double[] corr = new double[order];
    double[] tot = new double[order];
    for (int i = 0; i < order; i++) {
      corr[i] = correct[i];
      tot[i] = total[i];
    }
    double smoothMteval = 1.0;
    int eff = order;
    for (int n = 1; n <= order; n++) {
      if (smoothing == Smoothing.ADD_K && n > 1) {
        corr[n - 1] += smoothValue;
        tot[n - 1] += smoothValue;
      }
      if (tot[n - 1] == 0) {
        break;
      }
      if (effectiveOrder) {
        eff = n;
      }
      if (corr[n - 1] == 0) {
        if (smoothing == Smoothing.EXP) {
          smoothMteval *= 2;
          precisions[n - 1] = 100.0 / (smoothMteval * tot[n - 1]);
        } else if (smoothing == Smoothing.FLOOR) {
          precisions[n - 1] = 100.0 * smoothValue / tot[n - 1];
        }
      } else {
        precisions[n - 1] = 100.0 * corr[n - 1] / tot[n - 1];
      }
    }
    double sum = 0.0;
    for (int i = 0; i < eff; i++) {
      sum += precisions[i] == 0.0 ? LOG_ZERO : Math.log(precisions[i]);
    }
    return bp * Math.exp(sum / eff);
  }
}
