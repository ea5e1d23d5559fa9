package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Multi-head causal self-attention with a fused QKV projection, batched matmul attention, an additive
 * mask, and an optional KV cache.
 *
 * <p>Masks are additive biases broadcast onto the scores (B, heads, queries, keys): {@link #MASKED} where a
 * query must not see a key, 0 elsewhere. A fully masked query row (a padding position) becomes a uniform
 * distribution instead of NaN, and its output is never used.
 */
final class Gpt2Attention {
  /** The bias of a masked score: large enough that {@code exp} underflows to exactly 0. */
  static final float MASKED = -1e9f;

  private Gpt2Attention() {}

  /**
   * The causal bias for {@code queries} new positions after {@code past} cached ones.
   *
   * @param manager the owner of the result
   * @param past the number of cached key positions
   * @param queries the number of new positions
   * @return float32 (queries, past + queries): {@link #MASKED} where key index &gt; query index
   */
  static NDArray causalBias(NDManager manager, long past, long queries) {
    NDArray q = manager.arange(past, past + queries, 1, DataType.INT64).reshape(queries, 1);
    NDArray k = manager.arange(0, past + queries, 1, DataType.INT64).reshape(1, past + queries);
    return k.gt(q).toType(DataType.FLOAT32, false).mul(MASKED);
  }

  /**
   * The padding bias of a batch of key rows.
   *
   * @param keyValid float32 (B, keys): 1 for a real token, 0 for padding
   * @return float32 (B, 1, 1, keys): {@link #MASKED} at padding keys
   */
  static NDArray paddingBias(NDArray keyValid) {
    long[] s = keyValid.getShape().getShape();
    return keyValid.sub(1f).mul(-MASKED).reshape(s[0], 1, 1, s[1]);
  }

  /**
   * Self-attention of one block (without its residual connection).
   *
   * @param x the normalised input (B, T, E)
   * @param block the block whose {@code attn.*} parameters to use
   * @param bias the additive mask broadcastable to (B, heads, T, keys), or null for none
   * @param cache the KV cache to extend with this call's keys and values, or null
   * @param training whether dropout is on
   * @return (B, T, E)
   */
  static NDArray forward(
      NDArray x, Gpt2Block block, NDArray bias, Gpt2KvCache cache, boolean training) {
    Gpt2Config config = block.config();
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    // (B, T, 3E) -> (B, T, 3, heads, head_dim) -> (3, B, heads, T, head_dim), split into q, k and v of
    // shape (1, B, heads, T, head_dim): three native calls instead of a split and three reshape-transposes.
    NDArray projected = Gpt2Ops.conv1d(x, block.attnWeight().getArray(), block.attnBias().getArray());
    NDArray heads = projected.reshape(batch, length, 3, config.nHead(), config.headDim());
    NDArray headsFirst = heads.transpose(2, 0, 3, 1, 4);
    NDList qkv = headsFirst.split(3, 0);
    Gpt2Ops.release(projected, heads, headsFirst);
    NDArray q = qkv.get(0);
    NDArray k = qkv.get(1);
    NDArray v = qkv.get(2);
    if (cache != null) {
      NDArray[] kv = cache.extend(block.index(), k, v);
      k = kv[0];
      v = kv[1];
    }
    if (config.scaleAttnWeights()) {
      q = block.ops().scaleQueries(q);
    }
    // (1, B, heads, T, keys); the biases broadcast from (T, keys) and (B, 1, 1, keys).
    NDArray keysT = k.transpose(0, 1, 2, 4, 3);
    NDArray scores = q.matMul(keysT);
    Gpt2Ops.release(keysT);
    if (bias != null) {
      NDArray unbiased = scores;
      scores = scores.add(bias);
      Gpt2Ops.release(unbiased);
    }
    NDArray probabilities = Gpt2Ops.dropout(scores.softmax(-1), config.attnPdrop(), training);
    Gpt2Ops.release(scores);
    NDArray weighted = probabilities.matMul(v);
    NDArray merged = weighted.transpose(0, 1, 3, 2, 4);
    NDArray context = merged.reshape(batch, length, config.nEmbd());
    Gpt2Ops.release(probabilities, weighted, merged);
    NDArray out =
        Gpt2Ops.conv1d(context, block.attnProjWeight().getArray(), block.attnProjBias().getArray());
    Gpt2Ops.release(context);
    return Gpt2Ops.dropout(out, config.residPdrop(), training);
  }
}
