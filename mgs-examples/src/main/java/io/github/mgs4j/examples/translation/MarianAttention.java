package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.github.mgs4j.core.io.MalformedFileException;

/**
 * One multi-head attention of a Marian layer ({@code self_attn} or {@code encoder_attn}): separate
 * {@code q_proj}, {@code k_proj}, {@code v_proj} and {@code out_proj} linears, scaled dot-product attention with an
 * additive mask, dropout on the probabilities. Keys and values are computed by {@link #keysValues} so that a
 * decoding session can cache them: the decoder's own keys grow by one position per step, the encoder's are
 * computed once per decode.
 */
final class MarianAttention {
  private final Parameter[] q;
  private final Parameter[] k;
  private final Parameter[] v;
  private final Parameter[] out;
  private final int heads;
  private final int headDim;
  private final boolean decoder;
  private final double dropout;

  MarianAttention(MarianParameters factory, String prefix, MarianConfig config, boolean decoder)
      throws MalformedFileException {
    long d = config.dModel();
    this.k = factory.linear(prefix + ".k_proj", d, d);
    this.v = factory.linear(prefix + ".v_proj", d, d);
    this.q = factory.linear(prefix + ".q_proj", d, d);
    this.out = factory.linear(prefix + ".out_proj", d, d);
    this.heads = decoder ? config.decoderAttentionHeads() : config.encoderAttentionHeads();
    this.headDim = decoder ? config.decoderHeadDim() : config.encoderHeadDim();
    this.decoder = decoder;
    this.dropout = config.attentionDropout();
  }

  /**
   * The keys and values of {@code x}.
   *
   * @param x (B, S, d)
   * @return {keys, values}, each (B, heads, S, head_dim)
   */
  NDArray[] keysValues(NDArray x) {
    NDArray projectedKeys = MarianOps.linear(x, k[0].getArray(), k[1].getArray());
    NDArray projectedValues = MarianOps.linear(x, v[0].getArray(), v[1].getArray());
    NDArray[] kv = {split(projectedKeys), split(projectedValues)};
    MarianOps.release(projectedKeys, projectedValues);
    return kv;
  }

  /**
   * Attends from {@code x} to the given keys and values, one row of keys per row of {@code x}.
   *
   * @param x the queries' hidden states (B, T, d)
   * @param keys (B, heads, S, head_dim)
   * @param values (B, heads, S, head_dim)
   * @param bias additive mask broadcastable to (B, heads, T, S), or null
   * @param ops the model's constants
   * @param training whether dropout is on
   * @return (B, T, d), after {@code out_proj}
   */
  NDArray attend(NDArray x, NDArray keys, NDArray values, NDArray bias, MarianOps ops, boolean training) {
    return attend(x, 1, keys, values, bias, ops, training);
  }

  /**
   * Attends from {@code x} to keys and values shared by blocks of consecutive rows (the beams of one source read
   * its encoder output): the queries of a block are attended together, as one row of {@code share · T} queries.
   *
   * @param x the queries' hidden states (B, T, d), B a multiple of {@code share}
   * @param share how many consecutive rows of {@code x} read one row of keys and values
   * @param keys (B / share, heads, S, head_dim)
   * @param values (B / share, heads, S, head_dim)
   * @param bias additive mask broadcastable to (B / share, heads, share · T, S), or null
   * @param ops the model's constants
   * @param training whether dropout is on
   * @return (B, T, d), after {@code out_proj}
   */
  NDArray attend(
      NDArray x, int share, NDArray keys, NDArray values, NDArray bias, MarianOps ops, boolean training) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    NDArray projected = MarianOps.linear(x, q[0].getArray(), q[1].getArray());
    NDArray grouped = projected.reshape(batch / share, share * length, (long) heads * headDim);
    NDArray queries = split(grouped);
    MarianOps.release(grouped);
    NDArray scaled = ops.scaleQueries(queries, decoder);
    MarianOps.release(projected, queries);
    NDArray keysT = keys.transpose(0, 1, 3, 2);
    NDArray scores = scaled.matMul(keysT);
    MarianOps.release(scaled, keysT);
    if (bias != null) {
      NDArray unbiased = scores;
      scores = scores.add(bias);
      MarianOps.release(unbiased);
    }
    NDArray probabilities = MarianOps.dropout(scores.softmax(-1), dropout, training);
    MarianOps.release(scores);
    NDArray weighted = probabilities.matMul(values);
    NDArray merged = weighted.transpose(0, 2, 1, 3).reshape(batch, length, (long) heads * headDim);
    MarianOps.release(probabilities, weighted);
    NDArray result = MarianOps.linear(merged, out[0].getArray(), out[1].getArray());
    MarianOps.release(merged);
    return result;
  }

  /** (B, T, d) to (B, heads, T, head_dim). */
  private NDArray split(NDArray x) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    NDArray reshaped = x.reshape(batch, length, heads, headDim);
    NDArray transposed = reshaped.transpose(0, 2, 1, 3);
    MarianOps.release(reshaped);
    return transposed;
  }
}
