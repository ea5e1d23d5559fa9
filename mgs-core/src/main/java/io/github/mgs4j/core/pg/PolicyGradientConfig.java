package io.github.mgs4j.core.pg;

import ai.djl.util.Preconditions;
import io.github.mgs4j.core.sequence.SequenceObjectiveConfig;
import io.github.mgs4j.core.sequence.SequenceSampler;
import java.util.Locale;
import java.util.Objects;

/**
 * The immutable, validated hyper-parameters of policy gradient. Defaults: K = 4 samples per example (as many
 * decodes per example as MGS's K = 4 candidates), the leave-one-out baseline, no entropy bonus, the gradient
 * clipped to L2 norm 1, dropout off (the samples' log-probabilities are those of the distribution they were drawn
 * from), decodes up to 1.3 × the longest target, and MGS's fine-tuning optimizer (AdamW, 6.25·10⁻⁵).
 */
public final class PolicyGradientConfig extends SequenceObjectiveConfig {

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

  private PolicyGradientConfig(Builder b) {
    super(b);
    this.samples = b.samples;
    this.baseline = b.baseline;
    this.entropyWeight = b.entropyWeight;
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
    return copySharedInto(new Builder().samples(samples).baseline(baseline).entropyWeight(entropyWeight));
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

  /** The sampler: K independent samples per example, duplicates kept (REINFORCE needs i.i.d. samples). */
  public SequenceSampler sampler() {
    return new SequenceSampler(samples, 0, false, false, decodeLength());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "PG{samples=%d, baseline=%s, entropyWeight=%s, %s}", samples, baseline, entropyWeight, sharedToString());
  }

  /** Builder for {@link PolicyGradientConfig}. */
  public static final class Builder extends SequenceObjectiveConfig.Builder<Builder> {
    private int samples = 4;
    private Baseline baseline = Baseline.LEAVE_ONE_OUT;
    private double entropyWeight;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

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
      checkShared();
      return new PolicyGradientConfig(this);
    }
  }
}
