package io.github.mgs4j.core.search;

import ai.djl.util.Preconditions;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.Decoder;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.optim.OptimizerConfig;
import java.util.Locale;
import java.util.Objects;

/**
 * The immutable, validated hyper-parameters of MGS (Algorithm 1): what the method computes. How a step runs
 * (where candidates are decoded, how the direction is stored, memory) is {@link
 * io.github.mgs4j.core.execution.ExecutionConfig}'s, and never changes a result beyond float rounding.
 * Defaults ({@link #builder()}) follow the paper and, where the paper is silent, the authors' code: K = 4,
 * α = 1, noise multiplier 1, per-tensor noise scale, alternating components, π = 0.5, the authors' proposal
 * density, MLE gradient and update clipped to L2 norm 1, greedy decoding up to 1.3× the longest target, AdamW.
 *
 * @param candidates K ≥ 1, the number of candidate directions per step
 * @param alpha α &gt; 0, the temperature on the task-loss improvement (the paper uses 1, 10 and 100)
 * @param noiseMultiplier the factor &gt; 0 on σ
 * @param noiseScale how σ is chosen per tensor
 * @param assignment how candidates are assigned to the mixture's components
 * @param zeroComponentWeight π in [0, 1], the weight of the zero-centred component
 * @param density how log q enters the weights
 * @param mleClipNorm the L2 norm &gt; 0 the MLE gradient is clipped to before use
 * @param updateClipNorm the L2 norm &gt; 0 the update direction is clipped to before the optimizer step
 * @param mleDropout whether the MLE gradient is computed with dropout on (the authors' train mode)
 * @param decoder the decoder for C(θ) and C(θ+Δ_k)
 * @param decodeLength the maximum decode length rule
 * @param optimizer the optimizer the update direction is handed to
 * @param customProposal a proposal of one's own, or null for the mixture of {@code assignment},
 *     {@code zeroComponentWeight} and {@code density} (see {@link #proposal()})
 */
public record MgsConfig(
    int candidates,
    double alpha,
    double noiseMultiplier,
    NoiseScale noiseScale,
    ComponentAssignment assignment,
    double zeroComponentWeight,
    ProposalDensity density,
    double mleClipNorm,
    double updateClipNorm,
    boolean mleDropout,
    Decoder decoder,
    DecodeLength decodeLength,
    OptimizerConfig optimizer,
    Proposal customProposal) {
  /** The largest K accepted: each step keeps a few numbers per candidate, and decodes the batch K + 1 times. */
  public static final int MAX_CANDIDATES = 65_536;

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the first invalid field
   */
  public MgsConfig {
    Preconditions.checkArgument(
        candidates >= 1 && candidates <= MAX_CANDIDATES,
        "K (candidates) must be between 1 and " + MAX_CANDIDATES + ", got " + candidates);
    Preconditions.checkArgument(alpha > 0 && Double.isFinite(alpha), "alpha must be finite and > 0, got " + alpha);
    Preconditions.checkArgument(
        noiseMultiplier > 0 && Double.isFinite(noiseMultiplier),
        "noise multiplier must be finite and > 0, got " + noiseMultiplier);
    Preconditions.checkArgument(
        zeroComponentWeight >= 0 && zeroComponentWeight <= 1,
        "pi (zero-component weight) must lie in [0, 1], got " + zeroComponentWeight);
    Preconditions.checkArgument(
        mleClipNorm > 0 && Double.isFinite(mleClipNorm), "MLE clip norm must be > 0, got " + mleClipNorm);
    Preconditions.checkArgument(
        updateClipNorm > 0 && Double.isFinite(updateClipNorm), "update clip norm must be > 0, got " + updateClipNorm);
    Objects.requireNonNull(noiseScale, "noiseScale");
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(density, "density");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(decodeLength, "decodeLength");
    Objects.requireNonNull(optimizer, "optimizer");
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The proposal candidates are drawn from: the one set with {@link Builder#proposal}, else the mixture of
   * {@link #assignment()}, {@link #zeroComponentWeight()} and {@link #density()}.
   */
  public Proposal proposal() {
    return customProposal != null ? customProposal : new MixtureProposal(assignment, zeroComponentWeight, density);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "MgsConfig{K=%d, alpha=%s, noise=%s x %s, assignment=%s, pi=%s, density=%s, mleClip=%s,"
            + " updateClip=%s, mleDropout=%s, decoder=%s, decodeLength=%s, optimizer=%s}",
        candidates,
        alpha,
        noiseMultiplier,
        noiseScale,
        assignment,
        zeroComponentWeight,
        density,
        mleClipNorm,
        updateClipNorm,
        mleDropout,
        decoder,
        decodeLength,
        optimizer)
        + (customProposal != null ? " proposal=" + customProposal : "");
  }

  /** Builder for {@link MgsConfig}; {@link #build()} validates every field. */
  public static final class Builder {
    private int candidates = 4;
    private double alpha = 1.0;
    private double noiseMultiplier = 1.0;
    private NoiseScale noiseScale = NoiseScale.PER_TENSOR;
    private ComponentAssignment assignment = ComponentAssignment.ALTERNATING;
    private double zeroComponentWeight = 0.5;
    private ProposalDensity density = ProposalDensity.AUTHORS;
    private double mleClipNorm = 1.0;
    private double updateClipNorm = 1.0;
    private boolean mleDropout = true;
    private Decoder decoder = new GreedyDecoder();
    private DecodeLength decodeLength = DecodeLength.PAPER;
    private OptimizerConfig optimizer = OptimizerConfig.defaults();
    private Proposal customProposal;

    private Builder() {}

    private Builder(MgsConfig c) {
      candidates = c.candidates;
      alpha = c.alpha;
      noiseMultiplier = c.noiseMultiplier;
      noiseScale = c.noiseScale;
      assignment = c.assignment;
      zeroComponentWeight = c.zeroComponentWeight;
      density = c.density;
      mleClipNorm = c.mleClipNorm;
      updateClipNorm = c.updateClipNorm;
      mleDropout = c.mleDropout;
      decoder = c.decoder;
      decodeLength = c.decodeLength;
      optimizer = c.optimizer;
      customProposal = c.customProposal;
    }

    /** Sets K ≥ 1. */
    public Builder candidates(int candidates) {
      this.candidates = candidates;
      return this;
    }

    /** Sets α &gt; 0 (the paper uses 1, 10 and 100). */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /** Sets the noise multiplier &gt; 0. */
    public Builder noiseMultiplier(double noiseMultiplier) {
      this.noiseMultiplier = noiseMultiplier;
      return this;
    }

    /** Sets how σ is chosen. */
    public Builder noiseScale(NoiseScale noiseScale) {
      this.noiseScale = Objects.requireNonNull(noiseScale, "noiseScale");
      return this;
    }

    /** Sets the component assignment. */
    public Builder assignment(ComponentAssignment assignment) {
      this.assignment = Objects.requireNonNull(assignment, "assignment");
      return this;
    }

    /** Sets π in [0, 1]. */
    public Builder zeroComponentWeight(double zeroComponentWeight) {
      this.zeroComponentWeight = zeroComponentWeight;
      return this;
    }

    /** Sets the proposal density mode. */
    public Builder density(ProposalDensity density) {
      this.density = Objects.requireNonNull(density, "density");
      return this;
    }

    /**
     * Sets a proposal of one's own instead of the mixture: it then assigns the components and evaluates log q
     * ({@link #assignment}, {@link #zeroComponentWeight} and {@link #density} are not used).
     */
    public Builder proposal(Proposal proposal) {
      this.customProposal = Objects.requireNonNull(proposal, "proposal");
      return this;
    }

    /** Sets the MLE gradient clip norm &gt; 0. */
    public Builder mleClipNorm(double mleClipNorm) {
      this.mleClipNorm = mleClipNorm;
      return this;
    }

    /** Sets the update clip norm &gt; 0. */
    public Builder updateClipNorm(double updateClipNorm) {
      this.updateClipNorm = updateClipNorm;
      return this;
    }

    /** Sets whether the MLE gradient uses dropout. */
    public Builder mleDropout(boolean mleDropout) {
      this.mleDropout = mleDropout;
      return this;
    }

    /** Sets the decoder. */
    public Builder decoder(Decoder decoder) {
      this.decoder = Objects.requireNonNull(decoder, "decoder");
      return this;
    }

    /** Sets the decode length rule. */
    public Builder decodeLength(DecodeLength decodeLength) {
      this.decodeLength = Objects.requireNonNull(decodeLength, "decodeLength");
      return this;
    }

    /** Sets the optimizer. */
    public Builder optimizer(OptimizerConfig optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public MgsConfig build() {
      return new MgsConfig(candidates, alpha, noiseMultiplier, noiseScale, assignment, zeroComponentWeight,
          density, mleClipNorm, updateClipNorm, mleDropout, decoder, decodeLength, optimizer, customProposal);
    }
  }
}
