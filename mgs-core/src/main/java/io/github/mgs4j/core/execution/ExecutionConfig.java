package io.github.mgs4j.core.execution;

import ai.djl.util.Preconditions;
import io.github.mgs4j.core.runtime.NativeAllocator;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import io.github.mgs4j.core.search.CandidateEvaluator;
import java.util.Objects;

/**
 * How an MGS step runs, as opposed to what it computes ({@link io.github.mgs4j.core.search.MgsConfig}). None
 * of it changes a result beyond float rounding (evaluators and host passes change none at all). The defaults
 * ({@link #defaults()}) pick themselves from the model and the machine: in place on one device, one replica per
 * GPU on several; an accumulator for models of at most 64 MiB, redrawn directions above; Java passes where the
 * engine lets Java write the arrays (CPU).
 *
 * @param evaluator where candidates are evaluated ({@link Evaluators}, or one's own)
 * @param directionStorage how the update direction is stored
 * @param mleMicroBatchRows rows per MLE forward/backward pass, ≥ 0: 0 for one pass over the batch; fewer rows
 *     bound the backward pass's activation memory by the part, with the same gradient up to float summation
 *     order (see {@link io.github.mgs4j.core.optim.MleGradient})
 * @param releaseFreedMemory whether each step hands the native heap's free memory back to the system between
 *     its MLE backward pass and its search ({@link NativeAllocator#releaseFreeMemory}): glibc keeps the pages
 *     of freed blocks below its mmap threshold, and the search's buffers would come on top of them; the next
 *     backward pass faults them in again. It pays with MLE micro-batches, when the backward is not the peak
 * @param hostPasses whether arithmetic over parameters runs as Java passes where the arrays allow
 */
public record ExecutionConfig(
    CandidateEvaluator.Factory evaluator,
    DirectionStorage directionStorage,
    int mleMicroBatchRows,
    boolean releaseFreedMemory,
    boolean hostPasses) {
  private static final ExecutionConfig DEFAULTS = builder().build();

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the first invalid field
   */
  public ExecutionConfig {
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(directionStorage, "directionStorage");
    Preconditions.checkArgument(
        mleMicroBatchRows >= 0, "MLE micro-batch rows must be >= 0, got " + mleMicroBatchRows);
  }

  /** The defaults: {@link Evaluators#auto()}, {@link DirectionStorage#AUTO}, one MLE pass, host passes. */
  public static ExecutionConfig defaults() {
    return DEFAULTS;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .evaluator(evaluator)
        .directionStorage(directionStorage)
        .mleMicroBatchRows(mleMicroBatchRows)
        .releaseFreedMemory(releaseFreedMemory)
        .hostPasses(hostPasses);
  }

  /** The arithmetic a step runs on: {@link ParameterArithmetic#host()} or {@link ParameterArithmetic#engine()}. */
  public ParameterArithmetic arithmetic() {
    return hostPasses ? ParameterArithmetic.host() : ParameterArithmetic.engine();
  }

  /** What a step does between its MLE backward pass and its search: release free memory, if asked. */
  public void afterBackward() {
    if (releaseFreedMemory) {
      NativeAllocator.releaseFreeMemory();
    }
  }

  /** Builder for {@link ExecutionConfig}; {@link #build()} validates every field. */
  public static final class Builder {
    private CandidateEvaluator.Factory evaluator = Evaluators.auto();
    private DirectionStorage directionStorage = DirectionStorage.AUTO;
    private int mleMicroBatchRows;
    private boolean releaseFreedMemory;
    private boolean hostPasses = true;

    private Builder() {}

    /** Sets where candidates are evaluated. */
    public Builder evaluator(CandidateEvaluator.Factory evaluator) {
      this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
      return this;
    }

    /** Sets how the update direction is stored. */
    public Builder directionStorage(DirectionStorage directionStorage) {
      this.directionStorage = Objects.requireNonNull(directionStorage, "directionStorage");
      return this;
    }

    /** Sets the rows per MLE forward/backward pass ≥ 0 (0: the whole batch). */
    public Builder mleMicroBatchRows(int mleMicroBatchRows) {
      this.mleMicroBatchRows = mleMicroBatchRows;
      return this;
    }

    /** Sets whether steps release free native memory after the backward pass. */
    public Builder releaseFreedMemory(boolean releaseFreedMemory) {
      this.releaseFreedMemory = releaseFreedMemory;
      return this;
    }

    /** Sets whether arithmetic over parameters runs as Java passes where the arrays allow. */
    public Builder hostPasses(boolean hostPasses) {
      this.hostPasses = hostPasses;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public ExecutionConfig build() {
      return new ExecutionConfig(evaluator, directionStorage, mleMicroBatchRows, releaseFreedMemory, hostPasses);
    }
  }
}
