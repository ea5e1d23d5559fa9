package io.github.mgs4j.core.optim;

import ai.djl.util.Preconditions;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable, validated optimizer specification. The default reproduces the authors' MGS fine-tuning:
 * AdamW, learning rate 6.25e-5, β = (0.9, 0.999), ε = 1e-8, weight decay 0.01 (none on one-dimensional
 * parameters), constant learning rate.
 *
 * @param kind the optimizer family
 * @param learningRate the (constant) learning rate &gt; 0
 * @param beta1 Adam's β1 in [0, 1)
 * @param beta2 Adam's β2 in [0, 1)
 * @param epsilon Adam's ε &gt; 0
 * @param weightDecay the weight decay ≥ 0 (never applied to one-dimensional parameters)
 */
public record OptimizerConfig(
    Kind kind, float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
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
   * @throws IllegalArgumentException for a non-positive learning rate, betas outside [0, 1), ε ≤ 0 or a
   *     negative weight decay
   */
  public OptimizerConfig {
    Objects.requireNonNull(kind, "kind");
    Preconditions.checkArgument(
        learningRate > 0 && Float.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
    Preconditions.checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must lie in [0, 1)");
    Preconditions.checkArgument(epsilon > 0, "epsilon must be > 0, got " + epsilon);
    Preconditions.checkArgument(
        weightDecay >= 0 && Float.isFinite(weightDecay), "weight decay must be >= 0, got " + weightDecay);
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
      case ADAM -> new AdamOptimizer(learningRate, beta1, beta2, epsilon, weightDecay, false, arithmetic);
      case ADAMW -> new AdamOptimizer(learningRate, beta1, beta2, epsilon, weightDecay, true, arithmetic);
      case SGD -> new SgdOptimizer(learningRate);
    };
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s(lr=%s,beta1=%s,beta2=%s,eps=%s,weight_decay=%s)",
        kind.name().toLowerCase(Locale.ROOT),
        learningRate,
        beta1,
        beta2,
        epsilon,
        weightDecay);
  }

  /** Builder for {@link OptimizerConfig}. */
  public static final class Builder {
    private Kind kind = Kind.ADAMW;
    private float learningRate = 6.25e-5f;
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;
    private float weightDecay = 0.01f;

    private Builder() {}

    /** Sets the family. */
    public Builder kind(Kind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** Sets the (constant) learning rate. */
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

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public OptimizerConfig build() {
      return new OptimizerConfig(kind, learningRate, beta1, beta2, epsilon, weightDecay);
    }

  }
}
