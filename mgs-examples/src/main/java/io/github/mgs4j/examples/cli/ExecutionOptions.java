package io.github.mgs4j.examples.cli;

import io.github.mgs4j.core.search.BufferLifetime;
import io.github.mgs4j.core.search.DirectionStorage;
import io.github.mgs4j.examples.experiment.MgsRun;
import picocli.CommandLine.Option;

/**
 * The options that change an MGS step's speed and memory but not its result, shared by {@code mgs} and
 * {@code bench}: candidate replicas, MLE micro-batches, how the update direction is stored and when the search
 * buffers are held.
 */
public final class ExecutionOptions {
  @Option(names = "--replicas", defaultValue = "0", description = "Model replicas decoding candidates "
      + "concurrently on worker threads (0 = perturb in place, no copy; default: ${DEFAULT-VALUE}).")
  int replicas;

  @Option(names = "--mle-micro-batch", defaultValue = "0", description = "Rows per MLE forward/backward pass, "
      + "to bound activation memory (0 = the whole batch; default: ${DEFAULT-VALUE}).")
  int mleMicroBatch;

  @Option(names = "--directions", defaultValue = "AUTO", description = "How the update direction is "
      + "built: ACCUMULATOR (a parameter-sized buffer), REGENERATED (candidates redrawn from their seeds into "
      + "the gradient storage: one buffer less, K more noise draws per step) or AUTO (the accumulator for "
      + "models of at most 64 MiB, else REGENERATED; default: ${DEFAULT-VALUE}).")
  DirectionStorage directions;

  @Option(names = "--buffers", defaultValue = "PER_STEP", description = "When the parameter-sized search "
      + "buffers are held: PER_STEP (only between the MLE backward pass and the update: lower peak memory, an "
      + "allocation per step) or PERSISTENT (allocated once; default: ${DEFAULT-VALUE}).")
  BufferLifetime buffers;

  /**
   * The settings, validated.
   *
   * @throws IllegalArgumentException naming the option when a count is negative
   */
  public MgsRun.Execution execution() {
    requireNonNegative("--replicas", replicas);
    requireNonNegative("--mle-micro-batch", mleMicroBatch);
    return new MgsRun.Execution(replicas, mleMicroBatch, directions, buffers);
  }

  private static void requireNonNegative(String option, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must be at least 0, got " + value);
    }
  }
}
