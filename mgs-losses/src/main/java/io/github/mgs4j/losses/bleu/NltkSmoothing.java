package io.github.mgs4j.losses.bleu;

/**
 * NLTK's {@code SmoothingFunction} methods 0–7 (Chen and Cherry 2014), with NLTK's defaults
 * {@code epsilon = 0.1}, {@code alpha = 5}, {@code k = 5}.
 */
public enum NltkSmoothing {
  /** No smoothing: zero-count orders become {@code sys.float_info.min} (a tiny non-zero score). */
  METHOD0,
  /** Zero-count orders become {@code epsilon / den}. */
  METHOD1,
  /** Add one to numerator and denominator of orders ≥ 2 (Lin and Och 2004); the authors' MGS choice. */
  METHOD2,
  /** NIST geometric: the k-th zero-count order becomes {@code 1 / (2^k · den)}. */
  METHOD3,
  /** Like method 3 scaled by {@code K / ln(hyp_len)}; nothing is smoothed for a 1-token hypothesis. */
  METHOD4,
  /** Averages each order with its neighbours, using the 5-gram precision; can exceed 1. */
  METHOD5,
  /** Interpolates orders ≥ 3 with {@code p_{n−1}² / p_{n−2}}; fails when the trigram precision is 0. */
  METHOD6,
  /** Method 4, then method 5. */
  METHOD7
}
