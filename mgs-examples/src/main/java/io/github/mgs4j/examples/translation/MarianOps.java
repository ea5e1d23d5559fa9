package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

/**
 * The dense and element-wise operations of the Marian transformer, each one PyTorch call, with the scalar
 * constants they need made once per model (a Java scalar operand costs a fresh native tensor on every call).
 * Results belong to the manager of the activation argument.
 */
final class MarianOps {
  /** Layer-norm epsilon of {@code torch.nn.LayerNorm} (transformers' Marian uses the default). */
  static final float LAYER_NORM_EPS = 1e-5f;

  /** The bias of a masked attention score: large enough that {@code exp} underflows to exactly 0. */
  static final float MASKED = -1e9f;

  private final NDArray embedScale;
  private final NDArray encoderScale;
  private final NDArray decoderScale;

  MarianOps(NDManager manager, MarianConfig config) {
    embedScale = manager.create(config.scaleEmbedding() ? (float) Math.sqrt(config.dModel()) : 1f);
    encoderScale = manager.create((float) (1 / Math.sqrt(config.encoderHeadDim())));
    decoderScale = manager.create((float) (1 / Math.sqrt(config.decoderHeadDim())));
  }

  /** Token embeddings times {@code sqrt(d_model)} when the configuration scales them. */
  NDArray scaleEmbedding(NDArray x, boolean scale) {
    return scale ? x.mul(embedScale) : x;
  }

  /** Queries times {@code 1/sqrt(head_dim)} of the encoder or the decoder. */
  NDArray scaleQueries(NDArray q, boolean decoder) {
    return q.mul(decoder ? decoderScale : encoderScale);
  }

  /** {@code x · weightᵀ + bias}, weight (out, in) as in PyTorch's {@code nn.Linear}. */
  static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return Linear.linear(x, weight, bias).singletonOrThrow();
  }

  /** LayerNorm over the last axis. */
  static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
    Shape last = new Shape(x.getShape().get(x.getShape().dimension() - 1));
    return LayerNorm.layerNorm(x, last, gamma, beta, LAYER_NORM_EPS).singletonOrThrow();
  }

  /**
   * Dropout with probability {@code rate} when training, the identity otherwise. Takes over {@code x}: when a
   * new array is returned, {@code x} is released (the backward pass needs only the mask).
   */
  static NDArray dropout(NDArray x, double rate, boolean training) {
    if (!training || rate == 0) {
      return x;
    }
    NDArray dropped = Dropout.dropout(x, (float) rate, true).singletonOrThrow();
    x.close();
    return dropped;
  }

  /**
   * Closes intermediates no later operation reads, so a forward pass does not keep every activation until its
   * manager closes (autograd keeps its own references to what the backward pass needs).
   */
  static void release(NDArray... arrays) {
    for (NDArray a : arrays) {
      if (a != null) {
        a.close();
      }
    }
  }
}
