package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.github.mgs4j.core.io.MalformedFileException;

/**
 * One post-norm decoder layer ({@code model.decoder.layers.i}): causal self-attention, attention to the encoder
 * output ({@code encoder_attn}), then the feed-forward block.
 */
final class MarianDecoderLayer {
  private final MarianAttention selfAttention;
  private final Parameter[] selfAttentionNorm;
  private final MarianAttention crossAttention;
  private final Parameter[] crossAttentionNorm;
  private final MarianFeedForward feedForward;
  private final double dropout;

  MarianDecoderLayer(MarianParameters factory, MarianConfig config, int index) throws MalformedFileException {
    String prefix = "model.decoder.layers." + index;
    this.selfAttention = new MarianAttention(factory, prefix + ".self_attn", config, true);
    this.selfAttentionNorm = factory.layerNorm(prefix + ".self_attn_layer_norm", config.dModel());
    this.crossAttention = new MarianAttention(factory, prefix + ".encoder_attn", config, true);
    this.crossAttentionNorm = factory.layerNorm(prefix + ".encoder_attn_layer_norm", config.dModel());
    this.feedForward = new MarianFeedForward(factory, prefix, config, config.decoderFfnDim());
    this.dropout = config.dropout();
  }

  /** The keys and values of the encoder output for this layer's cross-attention, each (B, heads, S, head_dim). */
  NDArray[] crossKeysValues(NDArray encoderOutput) {
    return crossAttention.keysValues(encoderOutput);
  }

  /** The keys and values of this layer's self-attention for new decoder positions. */
  NDArray[] selfKeysValues(NDArray x) {
    return selfAttention.keysValues(x);
  }

  /**
   * The layer's output.
   *
   * @param x (B, T, d); stays open
   * @param selfKeys all self-attention keys so far (B, heads, past + T, head_dim), this call's included
   * @param selfValues likewise
   * @param causalBias (T, past + T), or null when T = 1 (a single new position sees every key)
   * @param crossKeys the encoder output's keys for this layer, one row per {@code sourceShare} rows of {@code x}
   * @param crossValues likewise
   * @param sourceBias the source padding mask, one row per row of {@code crossKeys} (·, 1, 1, S), or null
   * @param sourceShare how many consecutive rows of {@code x} read one source (the beams of a source)
   * @param ops the model's constants
   * @param training whether dropout is on
   * @return (B, T, d)
   */
  NDArray forward(NDArray x, NDArray selfKeys, NDArray selfValues, NDArray causalBias, NDArray crossKeys,
      NDArray crossValues, NDArray sourceBias, int sourceShare, MarianOps ops, boolean training) {
    NDArray attended = MarianOps.dropout(
        selfAttention.attend(x, selfKeys, selfValues, causalBias, ops, training), dropout, training);
    NDArray h = MarianFeedForward.residualNorm(x, attended, selfAttentionNorm);
    NDArray crossed = MarianOps.dropout(
        crossAttention.attend(h, sourceShare, crossKeys, crossValues, sourceBias, ops, training), dropout, training);
    NDArray h2 = MarianFeedForward.residualNorm(h, crossed, crossAttentionNorm);
    MarianOps.release(h);
    NDArray out = feedForward.forward(h2, training);
    MarianOps.release(h2);
    return out;
  }
}
