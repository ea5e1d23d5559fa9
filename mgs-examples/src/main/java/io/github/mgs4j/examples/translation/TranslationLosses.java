package io.github.mgs4j.examples.translation;

import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.losses.TextSimilarityLoss;
import io.github.mgs4j.losses.bleu.NltkSmoothing;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import java.util.Locale;
import java.util.function.Function;

/**
 * The MT task losses of the paper, as the authors' code computes them: text is detokenized by the model's
 * tokenizer and tokenized with sacrebleu's 13a tokenizer before NLTK scores it.
 */
public final class TranslationLosses {
  /** The losses MGS fine-tunes on. */
  public enum Kind {
    /** {@code 1 − NLTK sentence_bleu} with smoothing method 2 (the authors' SBLEU). */
    SBLEU,
    /** {@code 1 − NLTK meteor_score}. */
    METEOR,
    /** Levenshtein distance on subword ids / reference length, not capped (the authors' MT edit loss). */
    EDIT;

    /** The row name in Table 4, e.g. {@code MGS-SBLEU}. */
    public String rowName() {
      return "MGS-" + name();
    }

    /** Parses {@code sbleu}, {@code meteor} or {@code edit}. */
    public static Kind parse(String name) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown loss '" + name + "' (sbleu, meteor, edit)");
      }
    }
  }

  private TranslationLosses() {}

  /**
   * The task loss.
   *
   * @param kind which loss
   * @param tokenizer the model's tokenizer (detokenizes ids)
   * @return a thread-safe task loss
   */
  public static TaskLoss of(Kind kind, TranslationTokenizer tokenizer) {
    Function<int[], String> text = ids -> String.join(" ", TranslationMetrics.tokens13a(tokenizer.decode(ids)));
    return switch (kind) {
      case SBLEU -> TextSimilarityLoss.nltkBleu(text, tokenizer.eosId(), NltkSmoothing.METHOD2);
      case METEOR -> TextSimilarityLoss.meteor(text, tokenizer.eosId());
      case EDIT -> new EditDistanceLoss(tokenizer.eosId(), false);
    };
  }
}
