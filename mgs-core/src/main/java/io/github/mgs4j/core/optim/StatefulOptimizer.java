package io.github.mgs4j.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.List;
import java.util.Map;

/**
 * A DJL {@link Optimizer} whose whole state (moment arrays and step counters) can be exported and restored,
 * so a checkpointed run resumes bit for bit. MGS hands it the update direction in place of a gradient:
 * {@code update(name, weight, −Σ w̃_k Δ_k)}.
 */
public abstract class StatefulOptimizer extends Optimizer {

  /** Creates the optimizer with DJL's defaults (no rescaling, no element clipping, no DJL weight decay). */
  protected StatefulOptimizer() {
    super(new PlainBuilder());
  }

  /**
   * Updates every parameter, as {@code update(ids.get(i), weights.get(i), gradients.get(i))} for each i; an
   * optimizer may run them as one pass (Adam on the host runs all blocks of all parameters on one team).
   *
   * @param ids the parameters' names
   * @param weights the parameters, updated in place
   * @param gradients their gradients (or, for MGS, the update directions)
   * @throws IllegalArgumentException if the three lists differ in length
   */
  public void updateAll(List<String> ids, List<NDArray> weights, List<NDArray> gradients) {
    requireSameLengths(ids, weights, gradients);
    for (int i = 0; i < ids.size(); i++) {
      update(ids.get(i), weights.get(i), gradients.get(i));
    }
  }

  /** Checks that {@link #updateAll}'s lists have one entry per parameter. */
  protected static void requireSameLengths(List<String> ids, List<NDArray> weights, List<NDArray> gradients) {
    if (ids.size() != weights.size() || ids.size() != gradients.size()) {
      throw new IllegalArgumentException(
          ids.size() + " names, " + weights.size() + " weights and " + gradients.size() + " gradients");
    }
  }

  /**
   * The live state arrays by unique key (e.g. {@code m/h.0.attn.c_attn.weight}); the caller must not close
   * them.
   */
  public abstract Map<String, NDArray> stateArrays();

  /** The integer state (e.g. per-parameter update counts) by key. */
  public abstract Map<String, Long> stateCounters();

  /**
   * Replaces the state with a copy of the given one.
   *
   * @param arrays state arrays keyed as {@link #stateArrays()} returns them
   * @param counters counters keyed as {@link #stateCounters()} returns them
   * @param manager the manager that will own the copied arrays
   * @throws IllegalArgumentException if a key is unknown to this optimizer
   */
  public abstract void loadState(Map<String, NDArray> arrays, Map<String, Long> counters, NDManager manager);

  /** A short description for provenance, e.g. {@code adamw(lr=6.25e-5,...)}. */
  public abstract String describe();

  private static final class PlainBuilder extends OptimizerBuilder<PlainBuilder> {
    @Override
    protected PlainBuilder self() {
      return this;
    }
  }
}
