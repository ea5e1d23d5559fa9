package io.github.mgs4j.examples.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * Arrays whose lifetime is their owner's, not the scope's: a decoding session's cache and logits are computed
 * inside an {@link NDScope} that releases every other intermediate of the step, and must outlive it.
 */
public final class OwnedArrays {
  private OwnedArrays() {}

  /**
   * Moves {@code fresh} to {@code owner}, out of the current {@link NDScope}, and closes {@code old} unless it is
   * the same array.
   *
   * @param owner the manager that owns the result from now on
   * @param fresh the new array
   * @param old the array {@code fresh} replaces, or null
   * @return {@code fresh}
   */
  public static NDArray keep(NDManager owner, NDArray fresh, NDArray old) {
    NDScope.unregister(fresh);
    fresh.attach(owner);
    if (old != null && old != fresh) {
      old.close();
    }
    return fresh;
  }
}
