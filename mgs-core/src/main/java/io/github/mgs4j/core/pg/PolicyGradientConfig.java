package io.github.mgs4j.core.pg;

import ai.djl.util.Preconditions;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.sequence.SequenceSampler;
import java.util.Locale;
import java.util.Objects;

/**
 * The immutable, validated hyper-parameters of policy gradient. Defaults: K = 4 samples per example (as many
 * decodes per example as MGS's K = 4 candidates), the leave-one-out baseline, no entropy bonus, the gradient
 * clipped to L2 norm 1, dropout off (the samples' log-probabilities are those of the distribution they were drawn
 * from), decodes up to 1.3 × the longest target, and MGS's fine-tuning optimizer (AdamW, 6.25·10⁻⁵).
 */
public final class PolicyGradientConfig {

  /** The baseline subtracted from each sample's loss. */
  public enum Baseline {
    /** The mean loss of the example's other K − 1 samples: unbiased, needs K ≥ 2. */
    LEAVE_ONE_OUT,
    /** None: plain REINFORCE. */
    NONE
  }

  private final int samples;
  private final Baseline baseline;
  private final double entropyWeight;
  private final double clipNorm;
  private final boolean dropout;
  private final DecodeLength decodeLength;
  private final OptimizerConfig optimizer;

  private PolicyGradientConfig(Builder b) {
    this.samples = b.samples;
    this.baseline = b.baseline;
    this.entropyWeight = b.entropyWeight;
    this.clipNorm = b.clipNorm;
    this.dropout = b.dropout;
    this.decodeLength = b.decodeLength;
    this.optimizer = b.optimizer;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static PolicyGradientConfig defaults() {
    return builder().build();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder().samples(samples).baseline(baseline).entropyWeight(entropyWeight).clipNorm(clipNorm)
        .dropout(dropout).decodeLength(decodeLength).optimizer(optimizer);
  }

  /** K, the samples per example. */
  public int samples() {
    return samples;
  }

  /** The baseline. */
  public Baseline baseline() {
    return baseline;
  }

  /** The weight β of the entropy bonus: the objective is E[c] − β·H(p_θ(·|X)). */
  public double entropyWeight() {
    return entropyWeight;
  }

  /** The global L2 norm the gradient is clipped to. */
  public double clipNorm() {
    return clipNorm;
  }

  /** Whether dropout is on in the gradient pass. */
  public boolean dropout() {
    return dropout;
  }

  /** The decode length rule of the samples and of validation. */
  public DecodeLength decodeLength() {
    return decodeLength;
  }

  /** The optimizer. */
  public OptimizerConfig optimizer() {
    return optimizer;
  }

  /** The sampler: K independent samples per example, duplicates kept (REINFORCE needs i.i.d. samples). */
  public SequenceSampler sampler() {
    return new SequenceSampler(samples, 0, false, false, decodeLength);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "PG{samples=%d, baseline=%s, entropyWeight=%s, clip=%s, dropout=%s, decodeLength=%s, optimizer=%s}",
        samples, baseline, entropyWeight, clipNorm, dropout, decodeLength, optimizer);
  }

  /** Builder for {@link PolicyGradientConfig}. */
  public static final class Builder {
    private int samples = 4;
    private Baseline baseline = Baseline.LEAVE_ONE_OUT;
    private double entropyWeight;
    private double clipNorm = 1.0;
    private boolean dropout;
    private DecodeLength decodeLength = DecodeLength.PAPER;
    private OptimizerConfig optimizer = OptimizerConfig.defaults();

    private Builder() {}

    /** Sets K, the samples per example, ≥ 1 (≥ 2 with the leave-one-out baseline; default 4). */
    public Builder samples(int samples) {
      this.samples = samples;
      return this;
    }

    /** Sets the baseline (default leave-one-out). */
    public Builder baseline(Baseline baseline) {
      this.baseline = Objects.requireNonNull(baseline, "baseline");
      return this;
    }

    /** Sets the entropy bonus weight β ≥ 0 (default 0: off). */
    public Builder entropyWeight(double entropyWeight) {
      this.entropyWeight = entropyWeight;
      return this;
    }

    /** Sets the gradient clip norm, &gt; 0 (default 1). */
    public Builder clipNorm(double clipNorm) {
      this.clipNorm = clipNorm;
      return this;
    }

    /** Sets whether dropout is on in the gradient pass (default false). */
    public Builder dropout(boolean dropout) {
      this.dropout = dropout;
      return this;
    }

    /** Sets the decode length rule (default 1.3 × the longest target, capped at 1000). */
    public Builder decodeLength(DecodeLength decodeLength) {
      this.decodeLength = Objects.requireNonNull(decodeLength, "decodeLength");
      return this;
    }

    /** Sets the optimizer (default AdamW, 6.25·10⁻⁵). */
    public Builder optimizer(OptimizerConfig optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public PolicyGradientConfig build() {
      Preconditions.checkArgument(samples >= 1, "samples must be >= 1, got " + samples);
      Preconditions.checkArgument(baseline != Baseline.LEAVE_ONE_OUT || samples >= 2,
          "the leave-one-out baseline needs samples >= 2, got " + samples);
      Preconditions.checkArgument(entropyWeight >= 0 && Double.isFinite(entropyWeight),
          "entropyWeight must be finite and >= 0, got " + entropyWeight);
      Preconditions.checkArgument(clipNorm > 0 && Double.isFinite(clipNorm), "clipNorm must be > 0, got " + clipNorm);
      return new PolicyGradientConfig(this);
    }
  }
}
