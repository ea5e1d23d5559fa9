package io.github.mgs4j.core.io;

import java.io.IOException;

/**
 * A file (checkpoint, weights, configuration) is missing, truncated, corrupt or of a foreign format; the
 * message names the file and the problem.
 */
public class MalformedFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the file and the problem
   */
  public MalformedFileException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message the file and the problem
   * @param cause the underlying failure
   */
  public MalformedFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
