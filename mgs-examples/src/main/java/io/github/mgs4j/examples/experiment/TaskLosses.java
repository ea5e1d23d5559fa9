package io.github.mgs4j.examples.experiment;

import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import io.github.mgs4j.losses.lm.LmScoreLoss;
import java.util.Locale;

/** The task losses the example can train with, by their CLI names. */
public final class TaskLosses {
  private TaskLosses() {}

  /**
   * The task loss called {@code name}.
   *
   * @param name {@code lm}, {@code edit} (normalised, clipped at 1: the authors' GPT-2 form) or {@code edit-raw}
   *     (not clipped: the authors' MT form); {@code bleu} and {@code meteor} are named but not yet wired
   * @param scorer the frozen scoring model (for {@code lm}) whose EOS id also cuts sequences
   * @throws IllegalArgumentException for an unknown or unavailable name
   */
  public static TaskLoss byName(String name, SequenceModel scorer) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "lm" -> new LmScoreLoss(scorer);
      case "edit" -> new EditDistanceLoss(scorer.eosId(), true);
      case "edit-raw" -> new EditDistanceLoss(scorer.eosId(), false);
      case "bleu", "meteor" -> throw new IllegalArgumentException(
          "--loss " + name + " is not available in this release of the example (use lm or edit)");
      default -> throw new IllegalArgumentException("--loss must be lm, edit, edit-raw, bleu or meteor, got '" + name + "'");
    };
  }
}
