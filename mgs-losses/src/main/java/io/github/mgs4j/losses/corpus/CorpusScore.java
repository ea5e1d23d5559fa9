package io.github.mgs4j.losses.corpus;

import java.util.Objects;

/**
 * A corpus-level score as sacrebleu reports it.
 *
 * @param name the metric's name in sacrebleu: {@code BLEU}, {@code chrF2}, {@code chrF2++}, …
 * @param score the score, 0–100, exactly sacrebleu's {@code corpus_score(...).score}
 * @param signature sacrebleu's reproducibility signature, e.g.
 *     {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0}
 */
public record CorpusScore(String name, double score, String signature) {
  /** Checks the fields. */
  public CorpusScore {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(signature, "signature");
  }

  /** sacrebleu's one-line form, e.g. {@code BLEU|nrefs:1|…|version:2.6.0 = 34.12}. */
  @Override
  public String toString() {
    return name + "|" + signature + " = " + String.format(java.util.Locale.ROOT, "%.2f", score);
  }
}
