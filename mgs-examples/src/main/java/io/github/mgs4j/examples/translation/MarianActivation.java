package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The feed-forward activations Marian configurations name ({@code activation_function}), computed as
 * transformers' {@code ACT2FN} does.
 */
public enum MarianActivation {
  /** {@code relu} (fairseq's transformer, the paper's model). */
  RELU,
  /** {@code gelu}: the exact, erf-based GELU. */
  GELU,
  /** {@code gelu_new}: the tanh approximation. */
  GELU_NEW,
  /** {@code swish} / {@code silu}: {@code x·sigmoid(x)} (opus-mt). */
  SILU;

  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

  /**
   * The activation a configuration names.
   *
   * @param name {@code relu}, {@code gelu}, {@code gelu_new}, {@code swish} or {@code silu}
   * @throws IllegalArgumentException for any other name
   */
  public static MarianActivation of(String name) {
    return switch (name == null ? "" : name) {
      case "relu" -> RELU;
      case "gelu" -> GELU;
      case "gelu_new", "gelu_pytorch_tanh" -> GELU_NEW;
      case "swish", "silu" -> SILU;
      default -> throw new IllegalArgumentException(
          "unsupported activation_function \"" + name + "\" (supported: relu, gelu, gelu_new, swish, silu)");
    };
  }

  /** Applies the activation; the result belongs to {@code x}'s manager. */
  NDArray apply(NDArray x) {
    return switch (this) {
      case RELU -> Activation.relu(x);
      case GELU -> Activation.gelu(x);
      case SILU -> {
        NDArray gate = Activation.sigmoid(x);
        NDArray out = gate.mul(x);
        gate.close();
        yield out;
      }
      case GELU_NEW -> {
        NDArray cubic = x.pow(3).mul(0.044715f);
        NDArray inner = x.add(cubic).mul((float) SQRT_2_OVER_PI);
        NDArray out = inner.tanh().add(1f).mul(x).mul(0.5f);
        cubic.close();
        inner.close();
        yield out;
      }
    };
  }
}
