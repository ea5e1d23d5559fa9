package io.github.mgs4j.core.train;

import ai.djl.util.Preconditions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The immutable, validated settings of a training loop: how long, how often to validate, early stopping,
 * checkpointing and the master seed. The paper validates every 100 batches with patience 10.
 */
public final class TrainerConfig {
  private final long maxSteps;
  private final long validateEvery;
  private final int patience;
  private final boolean validateAtStart;
  private final boolean restoreBest;
  private final long seed;
  private final Path checkpointDirectory;
  private final long checkpointEvery;
  private final int keepCheckpoints;
  private final boolean resume;
  private final boolean resumeWithChangedSettings;

  private TrainerConfig(Builder b) {
    this.maxSteps = b.maxSteps;
    this.validateEvery = b.validateEvery;
    this.patience = b.patience;
    this.validateAtStart = b.validateAtStart;
    this.restoreBest = b.restoreBest;
    this.seed = b.seed;
    this.checkpointDirectory = b.checkpointDirectory;
    this.checkpointEvery = b.checkpointEvery;
    this.keepCheckpoints = b.keepCheckpoints;
    this.resume = b.resume;
    this.resumeWithChangedSettings = b.resumeWithChangedSettings;
  }

  /** A builder with the paper's schedule (validate every 100 steps, patience 10) and seed 0. */
  public static Builder builder() {
    return new Builder();
  }

  /** The total number of steps (the run ends earlier if early stopping triggers). */
  public long maxSteps() {
    return maxSteps;
  }

  /**
   * Validate after every this many steps (0 = never), and after the last step when the run reaches
   * {@link #maxSteps()} between two validations.
   */
  public long validateEvery() {
    return validateEvery;
  }

  /** Stop after this many validations in a row without improvement (0 = never stop early). */
  public int patience() {
    return patience;
  }

  /** Whether to validate the starting parameters before the first step (only when validation is on). */
  public boolean validateAtStart() {
    return validateAtStart;
  }

  /** Whether the parameters with the best validation loss are restored at the end. */
  public boolean restoreBest() {
    return restoreBest;
  }

  /** The master seed of all random streams. */
  public long seed() {
    return seed;
  }

  /** Where checkpoints go, if anywhere. */
  public Optional<Path> checkpointDirectory() {
    return Optional.ofNullable(checkpointDirectory);
  }

  /** Save a checkpoint after every this many steps (0 = only at validations and at the end). */
  public long checkpointEvery() {
    return checkpointEvery;
  }

  /** How many step checkpoints to keep. */
  public int keepCheckpoints() {
    return keepCheckpoints;
  }

  /** Whether to resume from the newest checkpoint in the directory when one exists. */
  public boolean resume() {
    return resume;
  }

  /**
   * Whether a checkpoint written by a run with other settings, data or model (another
   * {@link io.github.mgs4j.core.checkpoint.RunIdentity}) is resumed anyway, the change being recorded in the
   * checkpoint; by default such a resume is refused with an error naming each differing field.
   */
  public boolean resumeWithChangedSettings() {
    return resumeWithChangedSettings;
  }

  @Override
  public String toString() {
    return "TrainerConfig{maxSteps=" + maxSteps + ", validateEvery=" + validateEvery + ", patience=" + patience
        + ", seed=" + seed + ", checkpoints=" + checkpointDirectory + "}";
  }

  /** Builder for {@link TrainerConfig}. */
  public static final class Builder {
    private long maxSteps = 1000;
    private long validateEvery = 100;
    private int patience = 10;
    private boolean validateAtStart = true;
    private boolean restoreBest = true;
    private long seed;
    private Path checkpointDirectory;
    private long checkpointEvery;
    private int keepCheckpoints = 2;
    private boolean resume = true;
    private boolean resumeWithChangedSettings;

    private Builder() {}

    /** Sets the number of steps, ≥ 0. */
    public Builder maxSteps(long maxSteps) {
      this.maxSteps = maxSteps;
      return this;
    }

    /** Sets the validation interval, ≥ 0 (0 = never). */
    public Builder validateEvery(long validateEvery) {
      this.validateEvery = validateEvery;
      return this;
    }

    /** Sets the early-stopping patience, ≥ 0 (0 = off). */
    public Builder patience(int patience) {
      this.patience = patience;
      return this;
    }

    /** Sets whether the starting parameters are validated. */
    public Builder validateAtStart(boolean validateAtStart) {
      this.validateAtStart = validateAtStart;
      return this;
    }

    /** Sets whether the best parameters are restored at the end. */
    public Builder restoreBest(boolean restoreBest) {
      this.restoreBest = restoreBest;
      return this;
    }

    /** Sets the master seed. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Sets the checkpoint directory ({@code null} = no checkpoints). */
    public Builder checkpointDirectory(Path checkpointDirectory) {
      this.checkpointDirectory = checkpointDirectory;
      return this;
    }

    /** Sets the checkpoint interval, ≥ 0. */
    public Builder checkpointEvery(long checkpointEvery) {
      this.checkpointEvery = checkpointEvery;
      return this;
    }

    /** Sets how many step checkpoints are kept, ≥ 1. */
    public Builder keepCheckpoints(int keepCheckpoints) {
      this.keepCheckpoints = keepCheckpoints;
      return this;
    }

    /** Sets whether an existing checkpoint is resumed. */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /**
     * Sets whether a checkpoint of a run with other settings is resumed anyway (see
     * {@link TrainerConfig#resumeWithChangedSettings()}); off by default.
     */
    public Builder resumeWithChangedSettings(boolean resumeWithChangedSettings) {
      this.resumeWithChangedSettings = resumeWithChangedSettings;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public TrainerConfig build() {
      Preconditions.checkArgument(maxSteps >= 0, "maxSteps must be >= 0, got " + maxSteps);
      Preconditions.checkArgument(validateEvery >= 0, "validateEvery must be >= 0, got " + validateEvery);
      Preconditions.checkArgument(patience >= 0, "patience must be >= 0, got " + patience);
      Preconditions.checkArgument(checkpointEvery >= 0, "checkpointEvery must be >= 0, got " + checkpointEvery);
      Preconditions.checkArgument(keepCheckpoints >= 1, "keepCheckpoints must be >= 1, got " + keepCheckpoints);
      return new TrainerConfig(this);
    }

  }
}
