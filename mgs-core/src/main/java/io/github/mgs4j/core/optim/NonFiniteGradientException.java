package io.github.mgs4j.core.optim;

/** Thrown when an MLE loss, gradient or update direction is NaN or infinite, before any parameter changes. */
public final class NonFiniteGradientException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was not finite
   */
  public NonFiniteGradientException(String message) {
    super(message + "; no parameter was changed");
  }
}
