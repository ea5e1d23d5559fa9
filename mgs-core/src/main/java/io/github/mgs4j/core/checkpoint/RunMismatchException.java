package io.github.mgs4j.core.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Resuming was refused because the checkpoint was written by a run with other settings, data or model: the
 * message names every differing field.
 */
public final class RunMismatchException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  private final transient List<RunIdentity.FieldChange> changes;

  /**
   * Creates the exception.
   *
   * @param folder the checkpoint that was not resumed
   * @param changes the differing fields (at least one)
   * @param override how to resume anyway (named in the message)
   */
  public RunMismatchException(Path folder, List<RunIdentity.FieldChange> changes, String override) {
    super(folder + ": resume refused: this run differs from the checkpoint's in " + changes.size()
        + (changes.size() == 1 ? " field: " : " fields: ")
        + changes.stream().map(RunIdentity.FieldChange::toString).collect(Collectors.joining("; "))
        + ". Use another checkpoint directory, or " + override
        + " to continue with the new settings (the change is recorded in the checkpoint)");
    this.changes = List.copyOf(changes);
  }

  /** The differing fields. */
  public List<RunIdentity.FieldChange> changes() {
    return changes;
  }
}
