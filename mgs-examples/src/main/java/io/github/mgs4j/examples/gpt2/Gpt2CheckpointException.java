package io.github.mgs4j.examples.gpt2;

import io.github.mgs4j.core.io.MalformedFileException;

/**
 * A GPT-2 checkpoint directory that cannot be used: a missing {@code config.json} or
 * {@code model.safetensors}, a corrupt safetensors file, a missing or misshapen tensor, or a
 * {@code config.json} field this implementation does not support. The message names the file and the field
 * or tensor. A subtype of the core {@link MalformedFileException}, so callers can handle every bad file the
 * same way.
 */
public class Gpt2CheckpointException extends MalformedFileException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what is wrong, naming the file and the field or tensor
   */
  public Gpt2CheckpointException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what is wrong, naming the file and the field or tensor
   * @param cause the underlying failure
   */
  public Gpt2CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
