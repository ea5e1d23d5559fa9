package io.github.mgs4j.core.sequence;

import ai.djl.util.Preconditions;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.optim.OptimizerConfig;
import java.util.Locale;
import java.util.Objects;

/**
 * The settings every sequence-level objective shares, so that comparing objectives changes the objective only:
 * the global L2 norm the gradient is clipped to (default 1), whether dropout is on in the gradient pass (default
 * off: the candidates' log-probabilities are those of the distribution they were drawn from), the decode length
 * rule of the candidates and of validation (default 1.3 × the longest target, as MGS) and the optimizer (default
 * MGS's fine-tuning AdamW, 6.25·10⁻⁵). Each objective's configuration extends it with its own hyper-parameters.
 */
public abstract class SequenceObjectiveConfig {
  private final double clipNorm;
  private final boolean dropout;
  private final DecodeLength decodeLength;
  private final OptimizerConfig optimizer;

  /** Takes the shared settings from a validated builder. */
  protected SequenceObjectiveConfig(Builder<?> b) {
    this.clipNorm = b.clipNorm;
    this.dropout = b.dropout;
    this.decodeLength = b.decodeLength;
    this.optimizer = b.optimizer;
  }

  /** The global L2 norm the gradient is clipped to. */
  public final double clipNorm() {
    return clipNorm;
  }

  /** Whether dropout is on in the gradient pass. */
  public final boolean dropout() {
    return dropout;
  }

  /** The decode length rule of the candidates and of validation. */
  public final DecodeLength decodeLength() {
    return decodeLength;
  }

  /** The optimizer. */
  public final OptimizerConfig optimizer() {
    return optimizer;
  }

  /** Copies the shared settings into a builder of the same objective (for {@code toBuilder}). */
  protected final <B extends Builder<B>> B copySharedInto(B builder) {
    return builder.clipNorm(clipNorm).dropout(dropout).decodeLength(decodeLength).optimizer(optimizer);
  }

  /** The shared settings as {@code toString} lists them after the objective's own. */
  protected final String sharedToString() {
    return String.format(Locale.ROOT, "clip=%s, dropout=%s, decodeLength=%s, optimizer=%s", clipNorm, dropout,
        decodeLength, optimizer);
  }

  /**
   * The shared part of an objective's builder.
   *
   * @param <B> the objective's builder
   */
  public abstract static class Builder<B extends Builder<B>> {
    private double clipNorm = 1.0;
    private boolean dropout;
    private DecodeLength decodeLength = DecodeLength.PAPER;
    private OptimizerConfig optimizer = OptimizerConfig.defaults();

    /** Creates a builder with the shared defaults. */
    protected Builder() {}

    /** This builder, typed as the objective's. */
    protected abstract B self();

    /** Sets the gradient clip norm, &gt; 0 (default 1). */
    public final B clipNorm(double clipNorm) {
      this.clipNorm = clipNorm;
      return self();
    }

    /** Sets whether dropout is on in the gradient pass (default false). */
    public final B dropout(boolean dropout) {
      this.dropout = dropout;
      return self();
    }

    /** Sets the decode length rule (default 1.3 × the longest target, capped at 1000). */
    public final B decodeLength(DecodeLength decodeLength) {
      this.decodeLength = Objects.requireNonNull(decodeLength, "decodeLength");
      return self();
    }

    /** Sets the optimizer (default AdamW, 6.25·10⁻⁵). */
    public final B optimizer(OptimizerConfig optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return self();
    }

    /**
     * Checks the shared settings.
     *
     * @throws IllegalArgumentException naming the invalid field
     */
    protected final void checkShared() {
      Preconditions.checkArgument(clipNorm > 0 && Double.isFinite(clipNorm), "clipNorm must be > 0, got " + clipNorm);
    }
  }
}
