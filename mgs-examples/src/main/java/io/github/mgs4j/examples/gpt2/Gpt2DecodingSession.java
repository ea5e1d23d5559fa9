package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.examples.nn.CachedDecodingSession;
import java.util.Arrays;

/**
 * Batched incremental decoding with a KV cache per layer.
 *
 * <p>Contexts of different lengths are left-padded; padding keys are masked and position ids count from
 * each row's first real token, so every row's logits equal those of the same row decoded alone. Each
 * {@link #append} runs the model on one new token per row against the cache, entirely on the device (no
 * host round trip), as the model's {@link Gpt2DecodeStep} computes it; its intermediates are released at the
 * end of the step, so memory grows only with the cache. {@link #selectRows} gathers the cache rows for beam
 * search or to drop finished rows.
 *
 * <p>The session's arrays belong to a sub-manager of the manager it was started with. The array returned by
 * {@link #nextLogits()} belongs to the session and is replaced (closed) by the next {@code append} or
 * {@code selectRows}.
 */
public final class Gpt2DecodingSession extends CachedDecodingSession {
  private final Gpt2Model model;
  private final Gpt2KvCache cache;
  /** (B, 1, 1, keys): −1e9 at padding keys; null when no row is padded (then no bias is added at all). */
  private NDArray keyBias;
  private NDArray nextPositions;
  private NDArray logits;

  private Gpt2DecodingSession(Gpt2Model model, NDManager parent, int rows) {
    super(parent, rows, model.config().vocabSize(), model.config().nPositions(), "n_positions");
    this.model = model;
    this.cache = model.newCache(manager);
  }

  /**
   * Runs the contexts through the model, filling the cache.
   *
   * @param model the model
   * @param parent the manager whose sub-manager owns the session
   * @param contexts one non-empty context per row
   * @return the session, positioned after every context
   * @throws IllegalArgumentException for an empty or over-long context or an id outside the vocabulary
   */
  static Gpt2DecodingSession start(Gpt2Model model, NDManager parent, int[][] contexts) {
    Gpt2Config config = model.config();
    Gpt2Inputs.validate(config, contexts, "context");
    return start(new Gpt2DecodingSession(model, parent, contexts.length), session -> session.prefill(contexts));
  }

  private void prefill(int[][] contexts) {
    Gpt2Inputs.Prompts prompts = Gpt2Inputs.prompts(manager, model.config(), contexts);
    int width = prompts.width();
    boolean padded = Arrays.stream(contexts).anyMatch(c -> c.length < width);
    NDArray padding = padded ? Gpt2Attention.paddingBias(prompts.keyValid()) : null;
    NDArray causal = Gpt2Attention.causalBias(manager, 0, width);
    NDArray bias = padded ? causal.add(padding) : causal;
    NDArray h = model.hidden(prompts.ids(), prompts.positions(), bias, cache, false);
    keyBias = padded ? keep(padding, null) : null;
    logits = keep(model.lmHead(h.get(":, -1, :")), null);
    nextPositions = keep(prompts.positions().get(":, -1:").add(1), null);
    position(width);
  }

  /** The next-token logits (rows, vocabulary), owned by the session; see the class comment. */
  @Override
  public NDArray nextLogits() {
    return logits;
  }

  @Override
  protected void step(NDArray ids) {
    // The new key is a real token: its bias is 0.
    NDArray bias = keyBias == null ? null : keyBias.concat(manager.zeros(new Shape(rows(), 1, 1, 1)), 3);
    NDArray next = model.decodeStep().logits(model, ids, nextPositions, bias, cache);
    if (bias != null) {
      keyBias = keep(bias, keyBias);
    }
    logits = keep(next, logits);
    nextPositions = keep(model.ops().nextPositions(nextPositions), nextPositions);
  }

  @Override
  protected void select(NDArray index) {
    cache.selectRows(index);
    if (keyBias != null) {
      keyBias = keep(keyBias.get(index), keyBias);
    }
    logits = keep(logits.get(index), logits);
    nextPositions = keep(nextPositions.get(index), nextPositions);
  }

  @Override
  public void close() {
    cache.close();
    super.close();
  }
}
