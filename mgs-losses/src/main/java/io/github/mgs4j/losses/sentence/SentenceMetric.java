package io.github.mgs4j.losses.sentence;

/**
 * The sentence-level metrics {@link SentenceScorer} computes, named by the fields of the reference vectors
 * and of the scorer CLI's output.
 */
public enum SentenceMetric {
  /** {@code sacrebleu.sentence_bleu(hyp, [ref]).score}: exp smoothing, effective order (0–100). */
  SACREBLEU("sacrebleu"),
  /** The same with {@code smooth_method="floor"}. */
  SACREBLEU_FLOOR("sacrebleu_floor"),
  /** The same with {@code smooth_method="add-k"}. */
  SACREBLEU_ADD_K("sacrebleu_addk"),
  /** The same with {@code smooth_method="none"}. */
  SACREBLEU_NONE("sacrebleu_none"),
  /** NLTK {@code sentence_bleu([ref.split()], hyp.split(), smoothing_function=method1)} (0–1). */
  NLTK_BLEU_METHOD1("nltk_bleu_method1"),
  /** NLTK {@code meteor_score([ref.split()], hyp.split())} (0–1). */
  NLTK_METEOR("nltk_meteor"),
  /** {@code Levenshtein.distance(hyp.split(), ref.split())}. */
  LEV_TOKEN("lev_token"),
  /** The token distance over the reference's token count; NaN for an empty reference. */
  LEV_TOKEN_NORM("lev_token_norm"),
  /** {@code Levenshtein.distance(hyp, ref)} over code points. */
  LEV_CHAR("lev_char"),
  /** The character distance over the reference's code-point count; NaN for an empty reference. */
  LEV_CHAR_NORM("lev_char_norm");

  private final String field;

  SentenceMetric(String field) {
    this.field = field;
  }

  /** The field name in the CLI output and the reference vectors, e.g. {@code sacrebleu_floor}. */
  public String field() {
    return field;
  }

  /** Whether the value is a whole number (an edit distance). */
  public boolean integral() {
    return this == LEV_TOKEN || this == LEV_CHAR;
  }
}
