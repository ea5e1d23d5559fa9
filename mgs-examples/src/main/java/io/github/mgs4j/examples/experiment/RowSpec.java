package io.github.mgs4j.examples.experiment;

import io.github.mgs4j.core.search.ComponentAssignment;
import java.util.Objects;

/**
 * One fine-tuned row of the example's tables: its name and how MGS fine-tunes the bundled MLE model for it.
 * Everything else (steps, optimizer, validation, seed) comes from the experiment's base {@link MgsRun}.
 *
 * @param name the row's name, e.g. {@code MGS-LM}
 * @param loss the task loss, by its {@link TaskLosses} name
 * @param components the proposal (the mixture, or only one component: the paper's Table 7)
 * @param alpha α (the paper's Fig. 4 varies it)
 */
public record RowSpec(String name, String loss, ComponentAssignment components, double alpha) {
  /** Validates the names. */
  public RowSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(components, "components");
  }

  /** A row with the base run's proposal and α. */
  public static RowSpec of(String name, String loss, MgsRun base) {
    return new RowSpec(name, loss, base.components(), base.alpha());
  }
}
