package io.github.mgs4j.core.optim;

import ai.djl.util.Preconditions;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable, validated optimizer specification. The default reproduces the authors' MGS fine-tuning:
 * AdamW, learning rate 6.25e-5, β = (0.9, 0.999), ε = 1e-8, weight decay 0.01, constant learning rate (see
 * {@link AdamOptimizer} for which parameters are decayed). Adam and AdamW also take a
 * {@link LearningRateSchedule} (warm-up and decay, for MLE training from scratch).
 *
 * @param kind the optimizer family
 * @param learningRate the (peak) learning rate &gt; 0
 * @param beta1 Adam's β1 in [0, 1)
 * @param beta2 Adam's β2 in [0, 1)
 * @param epsilon Adam's ε &gt; 0
 * @param weightDecay the weight decay ≥ 0 (never applied to one-dimensional parameters)
 * @param schedule the learning-rate multiplier per update (constant for SGD)
 */
public record OptimizerConfig(
    Kind kind,
    float learningRate,
    float beta1,
    float beta2,
    float epsilon,
    float weightDecay,
    LearningRateSchedule schedule) {
  /** The optimizer family. */
  public enum Kind {
    /** Adam with L2 weight decay added to the gradient. */
    ADAM,
    /** Adam with decoupled weight decay (Loshchilov and Hutter). */
    ADAMW,
    /** Plain SGD. */
    SGD
  }

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException for a non-positive learning rate, betas outside [0, 1), ε ≤ 0, a
   *     negative weight decay or a non-constant schedule for SGD
   */
  public OptimizerConfig {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(schedule, "schedule");
    Preconditions.checkArgument(
        learningRate > 0 && Float.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
    Preconditions.checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must lie in [0, 1)");
    Preconditions.checkArgument(epsilon > 0, "epsilon must be > 0, got " + epsilon);
    Preconditions.checkArgument(
        weightDecay >= 0 && Float.isFinite(weightDecay), "weight decay must be >= 0, got " + weightDecay);
    Preconditions.checkArgument(
        kind != Kind.SGD || schedule.equals(LearningRateSchedule.constant()),
        "SGD takes a constant learning rate, got schedule " + schedule.describe());
  }

  /** A builder with the authors' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The authors' defaults. */
  public static OptimizerConfig defaults() {
    return builder().build();
  }

  /** Creates a fresh optimizer (empty state) from this configuration, updating on the host where it can. */
  public StatefulOptimizer newOptimizer() {
    return newOptimizer(ParameterArithmetic.host());
  }

  /**
   * Creates a fresh optimizer (empty state) from this configuration.
   *
   * @param arithmetic how Adam's update runs (SGD uses engine operations)
   */
  public StatefulOptimizer newOptimizer(ParameterArithmetic arithmetic) {
    return switch (kind) {
      case ADAM -> new AdamOptimizer(learningRate, beta1, beta2, epsilon, weightDecay, false, schedule, arithmetic);
      case ADAMW -> new AdamOptimizer(learningRate, beta1, beta2, epsilon, weightDecay, true, schedule, arithmetic);
      case SGD -> new SgdOptimizer(learningRate);
    };
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
     * @throws IllegalArgumentException naming the first invalid field
     */
    public OptimizerConfig build() {
      return new OptimizerConfig(kind, learningRate, beta1, beta2, epsilon, weightDecay, schedule);
    }
  }
}
