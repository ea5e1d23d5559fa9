package io.github.mgs4j.core.optim;

import ai.djl.util.Preconditions;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable, validated optimizer specification. The default reproduces the authors' MGS fine-tuning:
 * AdamW, learning rate 6.25e-5, β = (0.9, 0.999), ε = 1e-8, weight decay 0.01, constant learning rate (see
 * {@link AdamOptimizer} for which parameters are decayed). Adam and AdamW also take a
 * {@link LearningRateSchedule} (warm-up and decay, for MLE training from scratch).
 */
public final class OptimizerConfig {
  /** The optimizer family. */
  public enum Kind {
    /** Adam with L2 weight decay added to the gradient. */
    ADAM,
    /** Adam with decoupled weight decay (Loshchilov and Hutter). */
    ADAMW,
    /** Plain SGD. */
    SGD
  }

  private final Kind kind;
  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final LearningRateSchedule schedule;

  private OptimizerConfig(Builder b) {
    this.kind = b.kind;
    this.learningRate = b.learningRate;
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
    this.weightDecay = b.weightDecay;
    this.schedule = b.schedule;
  }

  /** A builder with the authors' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The authors' defaults. */
  public static OptimizerConfig defaults() {
    return builder().build();
  }

  /** Creates a fresh optimizer (empty state) from this configuration. */
  public StatefulOptimizer newOptimizer() {
    return switch (kind) {
      case ADAM -> new AdamOptimizer(learningRate, beta1, beta2, epsilon, weightDecay, false, schedule);
      case ADAMW -> new AdamOptimizer(learningRate, beta1, beta2, epsilon, weightDecay, true, schedule);
      case SGD -> new SgdOptimizer(learningRate);
    };
  }

  /** The family. */
  public Kind kind() {
    return kind;
  }

  /** The learning rate. */
  public float learningRate() {
    return learningRate;
  }

  /** The weight decay. */
  public float weightDecay() {
    return weightDecay;
  }

  /** The learning-rate schedule (constant by default). */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s(lr=%s,beta1=%s,beta2=%s,eps=%s,weight_decay=%s%s)",
        kind.name().toLowerCase(Locale.ROOT),
        learningRate,
        beta1,
        beta2,
        epsilon,
        weightDecay,
        schedule.equals(LearningRateSchedule.constant()) ? "" : ",schedule=" + schedule.describe());
  }

  /** Builder for {@link OptimizerConfig}. */
  public static final class Builder {
    private Kind kind = Kind.ADAMW;
    private float learningRate = 6.25e-5f;
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;
    private float weightDecay = 0.01f;
    private LearningRateSchedule schedule = LearningRateSchedule.constant();

    private Builder() {}

    /** Sets the family. */
    public Builder kind(Kind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** Sets the (peak) learning rate. */
    public Builder learningRate(float learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** Sets Adam's β1 and β2. */
    public Builder betas(float beta1, float beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /** Sets Adam's ε. */
    public Builder epsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** Sets the weight decay (never applied to one-dimensional parameters). */
    public Builder weightDecay(float weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** Sets the learning-rate schedule (Adam and AdamW only; default constant). */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException for a non-positive learning rate, betas outside [0, 1), ε ≤ 0, a
     *     negative weight decay or a non-constant schedule for SGD
     */
    public OptimizerConfig build() {
      Preconditions.checkArgument(learningRate > 0 && Float.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
      Preconditions.checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must lie in [0, 1)");
      Preconditions.checkArgument(epsilon > 0, "epsilon must be > 0, got " + epsilon);
      Preconditions.checkArgument(weightDecay >= 0 && Float.isFinite(weightDecay), "weight decay must be >= 0, got " + weightDecay);
      Preconditions.checkArgument(kind != Kind.SGD || schedule.equals(LearningRateSchedule.constant()),
          "SGD takes a constant learning rate, got schedule " + schedule.describe());
      return new OptimizerConfig(this);
    }

  }
}
