package io.github.mgs4j.core.search;

import ai.djl.Device;
import ai.djl.util.Preconditions;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.Decoder;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.optim.OptimizerConfig;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The immutable, validated hyper-parameters of one MGS step (Algorithm 1). Defaults follow the paper and,
 * where the paper is silent, the authors' code: K = 4, α = 1, noise multiplier 1, per-tensor noise scale,
 * alternating components, π = 0.5, the authors' proposal density, MLE gradient and update clipped to L2
 * norm 1, greedy decoding up to 1.3× the longest target, AdamW.
 */
public final class MgsConfig {
  /** The largest K accepted: each step keeps a few numbers per candidate, and decodes the batch K + 1 times. */
  public static final int MAX_CANDIDATES = 65_536;

  private final int candidates;
  private final double alpha;
  private final double noiseMultiplier;
  private final NoiseScale noiseScale;
  private final ComponentAssignment assignment;
  private final double zeroComponentWeight;
  private final ProposalDensity density;
  private final double mleClipNorm;
  private final double updateClipNorm;
  private final boolean mleDropout;
  private final Decoder decoder;
  private final DecodeLength decodeLength;
  private final OptimizerConfig optimizer;
  private final int candidateReplicas;
  private final List<Device> replicaDevices;
  private final int mleMicroBatchRows;
  private final DirectionStorage directionStorage;
  private final BufferLifetime bufferLifetime;
  private final boolean releaseFreedMemory;

  private MgsConfig(Builder b) {
    this.candidates = b.candidates;
    this.alpha = b.alpha;
    this.noiseMultiplier = b.noiseMultiplier;
    this.noiseScale = b.noiseScale;
    this.assignment = b.assignment;
    this.zeroComponentWeight = b.zeroComponentWeight;
    this.density = b.density;
    this.mleClipNorm = b.mleClipNorm;
    this.updateClipNorm = b.updateClipNorm;
    this.mleDropout = b.mleDropout;
    this.decoder = b.decoder;
    this.decodeLength = b.decodeLength;
    this.optimizer = b.optimizer;
    this.candidateReplicas = b.candidateReplicas;
    this.replicaDevices = b.replicaDevices;
    this.mleMicroBatchRows = b.mleMicroBatchRows;
    this.directionStorage = b.directionStorage;
    this.bufferLifetime = b.bufferLifetime;
    this.releaseFreedMemory = b.releaseFreedMemory;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.candidates = candidates;
    b.alpha = alpha;
    b.noiseMultiplier = noiseMultiplier;
    b.noiseScale = noiseScale;
    b.assignment = assignment;
    b.zeroComponentWeight = zeroComponentWeight;
    b.density = density;
    b.mleClipNorm = mleClipNorm;
    b.updateClipNorm = updateClipNorm;
    b.mleDropout = mleDropout;
    b.decoder = decoder;
    b.decodeLength = decodeLength;
    b.optimizer = optimizer;
    b.candidateReplicas = candidateReplicas;
    b.replicaDevices = replicaDevices;
    b.mleMicroBatchRows = mleMicroBatchRows;
    b.directionStorage = directionStorage;
    b.bufferLifetime = bufferLifetime;
    b.releaseFreedMemory = releaseFreedMemory;
    return b;
  }

  /** K, the number of candidate directions per step. */
  public int candidates() {
    return candidates;
  }

  /** α, the temperature on the task-loss improvement. */
  public double alpha() {
    return alpha;
  }

  /** The noise multiplier applied to σ. */
  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  /** How σ is chosen per tensor. */
  public NoiseScale noiseScale() {
    return noiseScale;
  }

  /** How candidates are assigned to mixture components. */
  public ComponentAssignment assignment() {
    return assignment;
  }

  /** π, the weight of the zero-centred component. */
  public double zeroComponentWeight() {
    return zeroComponentWeight;
  }

  /**
   * π as the proposal density should see it: 1 for {@link ComponentAssignment#ZERO_ONLY}, 0 for
   * {@link ComponentAssignment#MLE_ONLY}, otherwise {@link #zeroComponentWeight()}.
   */
  public double effectiveZeroComponentWeight() {
    return switch (assignment) {
      case ZERO_ONLY -> 1.0;
      case MLE_ONLY -> 0.0;
      default -> zeroComponentWeight;
    };
  }

  /** How log q enters the weights. */
  public ProposalDensity density() {
    return density;
  }

  /** The L2 norm the MLE gradient is clipped to before use. */
  public double mleClipNorm() {
    return mleClipNorm;
  }

  /** The L2 norm the update direction is clipped to before the optimizer step. */
  public double updateClipNorm() {
    return updateClipNorm;
  }

  /** Whether the MLE gradient is computed with dropout on (the authors' train mode). */
  public boolean mleDropout() {
    return mleDropout;
  }

  /** The decoder used for C(θ) and C(θ+Δ_k). */
  public Decoder decoder() {
    return decoder;
  }

  /** The maximum decode length rule. */
  public DecodeLength decodeLength() {
    return decodeLength;
  }

  /** The optimizer the update direction is handed to. */
  public OptimizerConfig optimizer() {
    return optimizer;
  }

  /**
   * How many model replicas decode candidates concurrently: 0 (the default) perturbs the live parameters in
   * place, one candidate at a time, with no copy of the model; R ≥ 1 keeps R inference-only replicas
   * (the model must be a {@link io.github.mgs4j.core.model.ReplicableModel}) and decodes up to R candidates
   * at once on worker threads while the calling thread draws the next candidate's noise. The results are
   * bit-identical either way; R replicas cost R parameter-sized copies instead of the snapshot's one.
   */
  public int candidateReplicas() {
    return candidateReplicas;
  }

  /**
   * The devices the candidate replicas live on: replica r on {@code replicaDevices().get(r mod n)}, so
   * candidates decode on several GPUs at once; empty (the default) puts every replica on the model's device.
   * The clipped MLE gradient is copied once per step to each device other than the model's (for the noise),
   * each candidate's parameters come back to the model's device for the fold, and the results are
   * bit-identical to the in-place step, as with replicas on one device.
   */
  public List<Device> replicaDevices() {
    return replicaDevices;
  }

  /**
   * Rows per forward/backward pass of the MLE gradient: 0 (the default) for one pass over the batch; fewer
   * rows bound the activation memory of the backward pass by the part instead of the batch, with the same
   * gradient up to float summation order (see {@link io.github.mgs4j.core.optim.MleGradient}).
   */
  public int mleMicroBatchRows() {
    return mleMicroBatchRows;
  }

  /**
   * How the update direction is built: candidates redrawn from their seeds into the gradient storage, or a
   * streaming accumulator, one parameter-sized buffer more for K fewer noise draws; by default
   * ({@link DirectionStorage#AUTO}) the accumulator for models of at most 64 MiB and redrawn candidates above
   * (see {@link DirectionStorage}).
   */
  public DirectionStorage directionStorage() {
    return directionStorage;
  }

  /**
   * When the search buffers are held: only between the MLE backward pass and the update (the default), which
   * lowers the peak memory for an allocation per step, or allocated once (see {@link BufferLifetime}).
   */
  public BufferLifetime bufferLifetime() {
    return bufferLifetime;
  }

  /**
   * Whether each step hands the native heap's free memory back to the system between its MLE backward pass
   * and its search ({@link io.github.mgs4j.core.runtime.NativeAllocator#releaseFreeMemory}, glibc's
   * {@code malloc_trim}; nothing elsewhere). Off by default. The backward pass frees its activations, but
   * glibc keeps the pages of blocks below its mmap threshold resident, and the search buffers come on top of
   * them; released, they no longer count, and the next backward pass faults them in again. With MLE
   * micro-batches of half the batch, at 124M parameters, batch 8, K = 4: peak beyond the model state 1.57–1.63
   * × the parameter bytes instead of 1.82–2.04 ×, for a step 2–3 % slower (step/floor 1.08–1.10 instead of
   * 1.04–1.08). Without micro-batches the backward pass is the peak and releasing gains nothing. The result
   * of a step does not depend on it.
   */
  public boolean releaseFreedMemory() {
    return releaseFreedMemory;
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
        + (candidateReplicas > 0 ? " replicas=" + candidateReplicas : "")
        + (replicaDevices.isEmpty() ? "" : " replicaDevices=" + replicaDevices)
        + (mleMicroBatchRows > 0 ? " mleMicroBatchRows=" + mleMicroBatchRows : "")
        + (directionStorage != DirectionStorage.AUTO ? " directions=" + directionStorage : "")
        + (bufferLifetime != BufferLifetime.PER_STEP ? " buffers=" + bufferLifetime : "")
        + (releaseFreedMemory ? " releaseFreedMemory" : "");
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
    private int candidateReplicas;
    private List<Device> replicaDevices = List.of();
    private int mleMicroBatchRows;
    private DirectionStorage directionStorage = DirectionStorage.AUTO;
    private BufferLifetime bufferLifetime = BufferLifetime.PER_STEP;
    private boolean releaseFreedMemory;

    private Builder() {}

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

    /** Sets the number of candidate replicas ≥ 0 (see {@link MgsConfig#candidateReplicas()}). */
    public Builder candidateReplicas(int candidateReplicas) {
      this.candidateReplicas = candidateReplicas;
      return this;
    }

    /**
     * Sets the devices the candidate replicas are spread over, round robin (see
     * {@link MgsConfig#replicaDevices()}); needs {@link #candidateReplicas} ≥ 1.
     */
    public Builder replicaDevices(List<Device> replicaDevices) {
      this.replicaDevices = List.copyOf(Objects.requireNonNull(replicaDevices, "replicaDevices"));
      return this;
    }

    /** Sets the rows per MLE forward/backward pass ≥ 0 (see {@link MgsConfig#mleMicroBatchRows()}). */
    public Builder mleMicroBatchRows(int mleMicroBatchRows) {
      this.mleMicroBatchRows = mleMicroBatchRows;
      return this;
    }

    /** Sets how the update direction is built (see {@link MgsConfig#directionStorage()}). */
    public Builder directionStorage(DirectionStorage directionStorage) {
      this.directionStorage = Objects.requireNonNull(directionStorage, "directionStorage");
      return this;
    }

    /** Sets when the search buffers are held (see {@link MgsConfig#bufferLifetime()}). */
    public Builder bufferLifetime(BufferLifetime bufferLifetime) {
      this.bufferLifetime = Objects.requireNonNull(bufferLifetime, "bufferLifetime");
      return this;
    }

    /**
     * Sets whether steps release free native memory after the backward pass (see
     * {@link MgsConfig#releaseFreedMemory()}).
     */
    public Builder releaseFreedMemory(boolean releaseFreedMemory) {
      this.releaseFreedMemory = releaseFreedMemory;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public MgsConfig build() {
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
      Preconditions.checkArgument(mleClipNorm > 0 && Double.isFinite(mleClipNorm), "MLE clip norm must be > 0, got " + mleClipNorm);
      Preconditions.checkArgument(
          updateClipNorm > 0 && Double.isFinite(updateClipNorm),
          "update clip norm must be > 0, got " + updateClipNorm);
      Preconditions.checkArgument(
          candidateReplicas >= 0, "candidate replicas must be >= 0, got " + candidateReplicas);
      Preconditions.checkArgument(
          replicaDevices.isEmpty() || candidateReplicas >= 1,
          "replica devices " + replicaDevices + " need candidate replicas >= 1 (one per device: "
              + replicaDevices.size() + "), got " + candidateReplicas);
      Preconditions.checkArgument(
          mleMicroBatchRows >= 0, "MLE micro-batch rows must be >= 0, got " + mleMicroBatchRows);
      return new MgsConfig(this);
    }

  }
}
