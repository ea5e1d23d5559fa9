package io.github.mgs4j.core.checkpoint;

import io.github.mgs4j.core.io.MalformedFileException;

/**
 * A checkpoint cannot be used: missing, corrupt (checksum mismatch, truncated file), foreign (another format
 * or another model's parameters) or from an incompatible run. The message names the file and the problem.
 */
public class CheckpointException extends MalformedFileException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the checkpoint and the problem
   */
  public CheckpointException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message the checkpoint and the problem
   * @param cause the underlying failure
   */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
