package io.github.mgs4j.core.loss;

/** Thrown when a task loss returns NaN or an infinite value; MGS never lets such a value reach θ. */
public final class NonFiniteLossException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param lossName the task loss
   * @param example the example index
   * @param value the offending value
   */
  public NonFiniteLossException(String lossName, int example, double value) {
    super("task loss '" + lossName + "' returned " + value + " for example " + example
        + "; task losses must be finite");
  }
}
