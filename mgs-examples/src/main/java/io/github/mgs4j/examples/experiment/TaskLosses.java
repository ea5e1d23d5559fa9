package io.github.mgs4j.examples.experiment;

import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import io.github.mgs4j.losses.lm.LmScoreLoss;
import io.github.mgs4j.losses.TextSimilarityLoss;
import java.util.Locale;
import java.util.function.Function;

/** The task losses the example can train with, by their CLI names. */
public final class TaskLosses {
  private TaskLosses() {}

  /**
   * The task loss called {@code name}.
   *
   * @param name {@code lm}, {@code edit} (normalised, clipped at 1: the authors' GPT-2 form), {@code edit-raw}
   *     (not clipped: the authors' MT form), {@code bleu} (1 − sacrebleu sentence-BLEU/100 on the detokenised
   *     text) or {@code meteor} (1 − NLTK METEOR)
   * @param scorer the frozen scoring model (for {@code lm}) whose EOS id also cuts sequences
   * @param detokenizer ids to text, for {@code bleu} and {@code meteor} (thread-safe)
   * @throws IllegalArgumentException for an unknown name
   */
  public static TaskLoss byName(String name, SequenceModel scorer, Function<int[], String> detokenizer) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "lm" -> new LmScoreLoss(scorer);
      case "edit" -> new EditDistanceLoss(scorer.eosId(), true);
      case "edit-raw" -> new EditDistanceLoss(scorer.eosId(), false);
      case "bleu" -> TextSimilarityLoss.sacreBleu(detokenizer, scorer.eosId());
      case "meteor" -> TextSimilarityLoss.meteor(detokenizer, scorer.eosId());
      default -> throw new IllegalArgumentException("--loss must be lm, edit, edit-raw, bleu or meteor, got '" + name + "'");
    };
  }
}
