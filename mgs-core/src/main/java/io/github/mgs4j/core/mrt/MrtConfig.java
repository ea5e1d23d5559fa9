package io.github.mgs4j.core.mrt;

import ai.djl.util.Preconditions;
import io.github.mgs4j.core.sequence.SequenceObjectiveConfig;
import io.github.mgs4j.core.sequence.SequenceSampler;
import java.util.Locale;

/**
 * The immutable, validated hyper-parameters of minimum risk training. The builder's defaults are Shen et al.
 * (2016): 100 ancestral samples per example, duplicates removed, the reference left out, sharpness α = 5·10⁻³ on
 * the summed log-probability, no MLE term. {@link #edunov2018()} gives Edunov et al.'s (2018) "Risk": the 16-best
 * list of a beam of 16, α = 1 on the length-normalised log-probability, and the loss mixed half and half with the
 * token-level MLE loss. Common to both: the gradient clipped to L2 norm 1, dropout off (the candidates' log-
 * probabilities are those of the distribution they were drawn from), decodes up to 1.3 × the longest target (as
 * MGS), and MGS's fine-tuning optimizer (AdamW, 6.25·10⁻⁵), so that the comparison changes the objective only.
 */
public final class MrtConfig extends SequenceObjectiveConfig {
  private final int samples;
  private final int beamCandidates;
  private final boolean includeReference;
  private final boolean deduplicate;
  private final double alpha;
  private final boolean lengthNormalized;
  private final double mleWeight;

  private MrtConfig(Builder b) {
    super(b);
    this.samples = b.samples;
    this.beamCandidates = b.beamCandidates;
    this.includeReference = b.includeReference;
    this.deduplicate = b.deduplicate;
    this.alpha = b.alpha;
    this.lengthNormalized = b.lengthNormalized;
    this.mleWeight = b.mleWeight;
  }

  /** A builder with Shen et al.'s settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** Shen et al. (2016): the builder's defaults. */
  public static MrtConfig shen2016() {
    return builder().build();
  }

  /**
   * Edunov et al. (2018), "Risk" as their public fairseq recipe runs it: candidates = the 16-best list of a beam of
   * 16, q = softmax of the length-normalised log-probabilities (α = 1), loss = ½ token-level MLE + ½ risk.
   */
  public static MrtConfig edunov2018() {
    return builder().samples(0).beamCandidates(16).alpha(1).lengthNormalized(true).mleWeight(0.5).build();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return copySharedInto(new Builder()
        .samples(samples).beamCandidates(beamCandidates).includeReference(includeReference).deduplicate(deduplicate)
        .alpha(alpha).lengthNormalized(lengthNormalized).mleWeight(mleWeight));
  }

  /** Ancestral samples per example. */
  public int samples() {
    return samples;
  }

  /** The beam width and n-best size of the beam candidates (0 = none). */
  public int beamCandidates() {
    return beamCandidates;
  }

  /** Whether the reference Y* is in S (which adds an MLE-like term, weighted α·q(Y*)·risk, to the gradient). */
  public boolean includeReference() {
    return includeReference;
  }

  /** Whether S holds each distinct continuation once. */
  public boolean deduplicate() {
    return deduplicate;
  }

  /** The sharpness α of q ∝ p^α. */
  public double alpha() {
    return alpha;
  }

  /** Whether q uses the per-token mean log-probability instead of the sum. */
  public boolean lengthNormalized() {
    return lengthNormalized;
  }

  /** The weight λ of the token-level MLE loss: loss = λ·L_MLE + (1 − λ)·risk. */
  public double mleWeight() {
    return mleWeight;
  }

  /** The sampler of the candidate sets. */
  public SequenceSampler sampler() {
    return new SequenceSampler(samples, beamCandidates, includeReference, deduplicate, decodeLength());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "MRT{samples=%d, beam=%d, reference=%s, deduplicate=%s, alpha=%s, lengthNormalized=%s, mleWeight=%s,"
            + " %s}",
        samples, beamCandidates, includeReference, deduplicate, alpha, lengthNormalized, mleWeight, sharedToString());
  }

  /** Builder for {@link MrtConfig}. */
  public static final class Builder extends SequenceObjectiveConfig.Builder<Builder> {
    private int samples = 100;
    private int beamCandidates;
    private boolean includeReference;
    private boolean deduplicate = true;
    private double alpha = 5e-3;
    private boolean lengthNormalized;
    private double mleWeight;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** Sets the ancestral samples per example, ≥ 0 (default 100). */
    public Builder samples(int samples) {
      this.samples = samples;
      return this;
    }

    /** Sets the beam width and n-best size of the beam candidates, ≥ 0 (default 0: none). */
    public Builder beamCandidates(int beamCandidates) {
      this.beamCandidates = beamCandidates;
      return this;
    }

    /** Sets whether the reference joins S (default false). */
    public Builder includeReference(boolean includeReference) {
      this.includeReference = includeReference;
      return this;
    }

    /** Sets whether S is deduplicated (default true, as Shen et al.). */
    public Builder deduplicate(boolean deduplicate) {
      this.deduplicate = deduplicate;
      return this;
    }

    /** Sets the sharpness α, finite and &gt; 0 (default 5·10⁻³). */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /** Sets whether q uses the per-token mean log-probability (default false: the sum). */
    public Builder lengthNormalized(boolean lengthNormalized) {
      this.lengthNormalized = lengthNormalized;
      return this;
    }

    /** Sets the MLE weight λ in [0, 1) (default 0). */
    public Builder mleWeight(double mleWeight) {
      this.mleWeight = mleWeight;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public MrtConfig build() {
      Preconditions.checkArgument(samples >= 0, "samples must be >= 0, got " + samples);
      Preconditions.checkArgument(beamCandidates >= 0, "beamCandidates must be >= 0, got " + beamCandidates);
      Preconditions.checkArgument(samples + beamCandidates > 0 || includeReference,
          "the candidate set is empty: set samples, beamCandidates or includeReference");
      Preconditions.checkArgument(alpha > 0 && Double.isFinite(alpha), "alpha must be finite and > 0, got " + alpha);
      Preconditions.checkArgument(mleWeight >= 0 && mleWeight < 1, "mleWeight must lie in [0, 1), got " + mleWeight);
      checkShared();
      return new MrtConfig(this);
    }
  }
}
