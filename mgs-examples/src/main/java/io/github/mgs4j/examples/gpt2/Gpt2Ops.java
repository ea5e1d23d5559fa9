package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

/**
 * The element-wise and dense operations GPT-2 is built from, each one fused PyTorch call where DJL offers
 * one. Every result belongs to the manager of the activation argument, never to the parameters' manager.
 */
final class Gpt2Ops {
  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
  private static final float GELU_CUBIC = 0.044715f;

  private Gpt2Ops() {}

  /** LayerNorm over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta}. */
  static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, double eps) {
    Shape last = new Shape(x.getShape().get(x.getShape().dimension() - 1));
    return LayerNorm.layerNorm(x, last, gamma, beta, (float) eps).singletonOrThrow();
  }

  /**
   * Transformers' {@code Conv1D}: {@code x · weight + bias} with the weight stored (in, out).
   *
   * @param x activations (..., in)
   * @param weight (in, out)
   * @param bias (out)
   * @return (..., out)
   */
  static NDArray conv1d(NDArray x, NDArray weight, NDArray bias) {
    return x.matMul(weight).add(bias);
  }

  /** {@code gelu_new}: {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}. */
  static NDArray geluNew(NDArray x) {
    NDArray inner = x.square().mul(GELU_CUBIC * SQRT_2_OVER_PI).add(SQRT_2_OVER_PI).mul(x).tanh();
    return inner.add(1f).mul(x).mul(0.5f);
  }

  /** Dropout with probability {@code rate} when training; the identity otherwise or when the rate is 0. */
  static NDArray dropout(NDArray x, double rate, boolean training) {
    if (!training || rate == 0) {
      return x;
    }
    return Dropout.dropout(x, (float) rate, true).singletonOrThrow();
  }
}
