package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;

/**
 * One incremental decoding step of GPT-2: one new token per row, attended against the KV cache, which the step
 * extends, giving the next-token logits.
 *
 * <p>Two implementations compute the same operations in the same order: {@link NdArrayDecodeStep} calls
 * the engine once per operation from Java, and {@link ScriptedDecodeStep} runs the whole step as one call of a
 * TorchScript module on the PyTorch engine. {@link #automatic()} picks the scripted step where the engine can load
 * it.
 */
interface Gpt2DecodeStep {

  /**
   * Computes the next-token logits.
   *
   * @param model the model whose parameters to use
   * @param ids int64 (rows, 1): the new tokens
   * @param positions int64 (rows, 1): their position ids
   * @param keyBias float32 (rows, 1, 1, keys) added to the attention scores (−1e9 at padding keys, 0 at the new
   *     position), or null when no row is padded
   * @param cache the cache to extend with the new keys and values
   * @return float32 (rows, vocabulary), in the current scope
   */
  NDArray logits(Gpt2Model model, NDArray ids, NDArray positions, NDArray keyBias, Gpt2KvCache cache);

  /** The scripted step where the engine loads it, else the NDArray step. */
  static Gpt2DecodeStep automatic() {
    Gpt2DecodeStep scripted = ScriptedDecodeStep.loaded();
    return scripted != null ? scripted : NdArrayDecodeStep.INSTANCE;
  }

  /** The step computed operation by operation from Java, on any engine. */
  final class NdArrayDecodeStep implements Gpt2DecodeStep {
    static final NdArrayDecodeStep INSTANCE = new NdArrayDecodeStep();

    private NdArrayDecodeStep() {}

    @Override
    public NDArray logits(Gpt2Model model, NDArray ids, NDArray positions, NDArray keyBias, Gpt2KvCache cache) {
      NDArray h = model.hidden(ids, positions, keyBias, cache, false);
      return model.lmHead(h.reshape(ids.getShape().get(0), model.config().nEmbd()));
    }

    @Override
    public String toString() {
      return "ndarray";
    }
  }
}
