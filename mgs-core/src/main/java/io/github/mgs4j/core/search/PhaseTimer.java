package io.github.mgs4j.core.search;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;

/**
 * The wall time of a step's phases. A phase timed inside another counts for itself only (the outer one gets
 * the rest), and phases timed on worker threads add up over the workers.
 */
final class PhaseTimer {
  /** The phases of {@link PhaseTimes}, in its order. */
  enum Phase {
    DECODE,
    BACKPROP,
    NOISE,
    CANDIDATE_DECODE,
    TASK_LOSS,
    WEIGHTING,
    UPDATE
  }

  private final DoubleAdder[] seconds = new DoubleAdder[Phase.values().length];
  /** Per thread: the time of the phases nested in the one running. */
  private final ThreadLocal<double[]> nested = ThreadLocal.withInitial(() -> new double[1]);

  PhaseTimer() {
    for (int p = 0; p < seconds.length; p++) {
      seconds[p] = new DoubleAdder();
    }
  }

  /** Runs {@code work} as {@code phase}. */
  <T> T time(Phase phase, Supplier<T> work) {
    double[] inner = nested.get();
    double outer = inner[0];
    inner[0] = 0;
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      double total = (System.nanoTime() - start) / 1e9;
      seconds[phase.ordinal()].add(total - inner[0]);
      inner[0] = outer + total;
    }
  }

  /** Runs {@code work} as {@code phase}. */
  void time(Phase phase, Runnable work) {
    time(phase, () -> {
      work.run();
      return null;
    });
  }

  /** The times so far. */
  PhaseTimes times() {
    return new PhaseTimes(
        seconds[0].sum(), seconds[1].sum(), seconds[2].sum(), seconds[3].sum(), seconds[4].sum(),
        seconds[5].sum(), seconds[6].sum());
  }
}
