package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

/**
 * The element-wise and dense operations GPT-2 is built from, each one fused PyTorch call where DJL offers
 * one, with the scalar constants they need created once, on the model's device.
 *
 * <p>Why the constants: DJL turns a Java scalar operand ({@code x.mul(0.5f)}) into a fresh native tensor
 * through a direct buffer on every call, which costs several times the arithmetic on decoding-sized
 * activations; a 0-dimensional array made once broadcasts for free. Every result belongs to the manager of
 * the activation argument, never to the model's manager.
 */
final class Gpt2Ops {
  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
  private static final double GELU_CUBIC = 0.044715;

  private final NDArray geluLinear;
  private final NDArray geluCubic;
  private final NDArray attentionScale;
  private final NDArray queryScale;
  private final NDArray oneLong;

  /**
   * Creates the constants in {@code manager} (the model's, released with it).
   *
   * @param manager the model's manager
   * @param config the configuration (for the attention scale)
   */
  Gpt2Ops(NDManager manager, Gpt2Config config) {
    geluLinear = manager.create((float) (2 * SQRT_2_OVER_PI));
    geluCubic = manager.create((float) (2 * SQRT_2_OVER_PI * GELU_CUBIC));
    attentionScale = manager.create((float) (1 / Math.sqrt(config.headDim())));
    queryScale = config.scaleAttnWeights() ? attentionScale : manager.create(1f);
    oneLong = manager.ones(new Shape(), DataType.INT64);
  }

  /** LayerNorm over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta}. */
  static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, double eps) {
    Shape last = new Shape(x.getShape().get(x.getShape().dimension() - 1));
    return LayerNorm.layerNorm(x, last, gamma, beta, (float) eps).singletonOrThrow();
  }

  /**
   * Transformers' {@code Conv1D}, {@code x · weight + bias} with the weight stored (in, out), as one
   * {@code linear} call on a transposed view of the weight (PyTorch's {@code addmm} on the (in, out) data,
   * as transformers computes it; about twice as fast as a matmul followed by an add at decoding sizes).
   *
   * @param x activations (..., in)
   * @param weight (in, out)
   * @param bias (out)
   * @return (..., out)
   */
  static NDArray conv1d(NDArray x, NDArray weight, NDArray bias) {
    NDArray transposed = weight.transpose();
    transposed.attach(x.getManager());
    return Linear.linear(x, transposed, bias).singletonOrThrow();
  }

  /**
   * {@code gelu_new}, {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, computed as the identical
   * {@code x·sigmoid(2√(2/π)·x·(1 + 0.044715·x²))}: six array operations, no scalar operands.
   */
  NDArray geluNew(NDArray x) {
    // Out of place: autograd keeps the sigmoid's output and the products' operands for the backward pass;
    // the other intermediates are released at once (see release).
    NDArray square = x.square();
    NDArray cubic = square.mul(geluCubic);
    NDArray linear = cubic.add(geluLinear);
    NDArray argument = linear.mul(x);
    NDArray gate = Activation.sigmoid(argument);
    NDArray out = gate.mul(x);
    release(square, cubic, linear, argument, gate);
    return out;
  }

  /**
   * Closes intermediates the forward pass no longer reads. A DJL array keeps its native storage alive until it
   * is closed, so without this every intermediate of an MLE forward pass would stay resident until its
   * manager closes, after the backward pass: autograd holds its own references to what the backward needs,
   * so closing the Java handle frees exactly what PyTorch frees when a Python variable goes out of scope
   * (at 124M parameters and batch 8, about half the MLE step's activation memory).
   *
   * @param arrays intermediates that no later operation of the forward pass reads
   */
  static void release(NDArray... arrays) {
    for (NDArray a : arrays) {
      a.close();
    }
  }

  /** {@code q / √head_dim}. */
  NDArray scaleQueries(NDArray q) {
    return q.mul(attentionScale);
  }

  /** The constant {@code 2√(2/π)} of {@link #geluNew}. */
  NDArray geluLinear() {
    return geluLinear;
  }

  /** The constant {@code 2√(2/π)·0.044715} of {@link #geluNew}. */
  NDArray geluCubic() {
    return geluCubic;
  }

  /** The factor the queries are multiplied by: {@code 1/√head_dim}, or 1 when attention weights are not scaled. */
  NDArray queryScale() {
    return queryScale;
  }

  /** {@code positions + 1} for int64 positions. */
  NDArray nextPositions(NDArray positions) {
    return positions.add(oneLong);
  }

  /**
   * Dropout with probability {@code rate} when training; the identity otherwise or when the rate is 0. Takes
   * over {@code x}: when a new array is returned, {@code x} is released (its backward needs only the mask).
   */
  static NDArray dropout(NDArray x, double rate, boolean training) {
    if (!training || rate == 0) {
      return x;
    }
    NDArray dropped = Dropout.dropout(x, (float) rate, true).singletonOrThrow();
    release(x);
    return dropped;
  }
}
