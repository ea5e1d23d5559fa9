package io.github.mgs4j.losses.bleu;

/**
 * sacrebleu's {@code smooth_method}s (Chen and Cherry 2014 numbering in brackets).
 */
public enum Smoothing {
  /** NIST/mteval geometric smoothing (method 3): successive zero-match orders count 1/2, 1/4, ... */
  EXP("exp", 0.0),
  /** A floor (method 1): zero-match orders count {@code smoothValue} (default 0.1). */
  FLOOR("floor", 0.1),
  /** Add-k (method 2): k (default 1) is added to matches and totals of orders ≥ 2. */
  ADD_K("add-k", 1.0),
  /** No smoothing. */
  NONE("none", 0.0);

  private final String sacrebleuName;
  private final double defaultValue;

  Smoothing(String sacrebleuName, double defaultValue) {
    this.sacrebleuName = sacrebleuName;
    this.defaultValue = defaultValue;
  }

  /** The name sacrebleu uses ({@code exp}, {@code floor}, {@code add-k}, {@code none}). */
  public String sacrebleuName() {
    return sacrebleuName;
  }

  /** sacrebleu's default {@code smooth_value} for this method. */
  public double defaultValue() {
    return defaultValue;
  }
}
