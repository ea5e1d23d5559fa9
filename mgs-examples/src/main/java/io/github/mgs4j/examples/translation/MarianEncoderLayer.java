package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.github.mgs4j.core.io.MalformedFileException;

/** One post-norm encoder layer ({@code model.encoder.layers.i}): self-attention, then the feed-forward block. */
final class MarianEncoderLayer {
  private final MarianAttention selfAttention;
  private final Parameter[] selfAttentionNorm;
  private final MarianFeedForward feedForward;
  private final double dropout;

  MarianEncoderLayer(MarianParameters factory, MarianConfig config, int index) throws MalformedFileException {
    String prefix = "model.encoder.layers." + index;
    this.selfAttention = new MarianAttention(factory, prefix + ".self_attn", config, false);
    this.selfAttentionNorm = factory.layerNorm(prefix + ".self_attn_layer_norm", config.dModel());
    this.feedForward = new MarianFeedForward(factory, prefix, config, config.encoderFfnDim());
    this.dropout = config.dropout();
  }

  /**
   * The layer's output.
   *
   * @param x (B, S, d); stays open
   * @param sourceBias the padding mask (B, 1, 1, S), or null when no row is padded
   * @param ops the model's constants
   * @param training whether dropout is on
   * @return (B, S, d)
   */
  NDArray forward(NDArray x, NDArray sourceBias, MarianOps ops, boolean training) {
    NDArray[] kv = selfAttention.keysValues(x);
    NDArray attended = MarianOps.dropout(
        selfAttention.attend(x, kv[0], kv[1], sourceBias, ops, training), dropout, training);
    MarianOps.release(kv);
    NDArray h = MarianFeedForward.residualNorm(x, attended, selfAttentionNorm);
    NDArray out = feedForward.forward(h, training);
    MarianOps.release(h);
    return out;
  }
}
