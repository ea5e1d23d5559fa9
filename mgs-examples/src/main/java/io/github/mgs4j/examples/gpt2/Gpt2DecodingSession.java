package io.github.mgs4j.examples.gpt2;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.model.DecodingSession;
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
public final class Gpt2DecodingSession implements DecodingSession {
  private final Gpt2Model model;
  private final NDManager manager;
  private final Gpt2KvCache cache;
  /** (B, 1, 1, keys): −1e9 at padding keys; null when no row is padded (then no bias is added at all). */
  private NDArray keyBias;
  private NDArray nextPositions;
  private NDArray logits;
  private int rows;
  private int nextMaxPosition;

  private Gpt2DecodingSession(Gpt2Model model, NDManager manager, int rows) {
    this.model = model;
    this.manager = manager;
    this.cache = model.newCache(manager);
    this.rows = rows;
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
    NDManager manager = parent.newSubManager();
    Gpt2DecodingSession session = new Gpt2DecodingSession(model, manager, contexts.length);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      Gpt2Inputs.Prompts prompts = Gpt2Inputs.prompts(manager, config, contexts);
      int width = prompts.width();
      boolean padded = Arrays.stream(contexts).anyMatch(c -> c.length < width);
      NDArray padding = padded ? Gpt2Attention.paddingBias(prompts.keyValid()) : null;
      NDArray causal = Gpt2Attention.causalBias(manager, 0, width);
      NDArray bias = padded ? causal.add(padding) : causal;
      NDArray h = model.hidden(prompts.ids(), prompts.positions(), bias, session.cache, false);
      session.keyBias = padded ? session.keep(padding, null) : null;
      session.logits = session.keep(model.lmHead(h.get(":, -1, :")), null);
      session.nextPositions = session.keep(prompts.positions().get(":, -1:").add(1), null);
      session.nextMaxPosition = width;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }

  @Override
  public int rows() {
    return rows;
  }

  /** The next-token logits (rows, vocabulary), owned by the session; see the class comment. */
  @Override
  public NDArray nextLogits() {
    return logits;
  }

  /**
   * Appends one token per row and computes the next logits.
   *
   * @param tokens int64 or int32 (rows)
   * @throws IllegalArgumentException if the shape is wrong or a token is outside the vocabulary
   * @throws IllegalStateException if a row would pass {@code n_positions}
   */
  @Override
  public void append(NDArray tokens) {
    if (tokens.getShape().size() != rows) {
      throw new IllegalArgumentException(
          "append needs one token per row: " + rows + " rows but tokens of shape " + tokens.getShape());
    }
    Gpt2Config config = model.config();
    if (nextMaxPosition >= config.nPositions()) {
      throw new IllegalStateException(
          "cannot append: position " + nextMaxPosition + " is past n_positions = " + config.nPositions());
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray ids = tokens.reshape(rows, 1).toType(DataType.INT64, false);
      // The new key is a real token: its bias is 0.
      NDArray bias = keyBias == null ? null : keyBias.concat(manager.zeros(new Shape(rows, 1, 1, 1)), 3);
      NDArray next;
      try {
        next = model.decodeStep().logits(model, ids, nextPositions, bias, cache);
      } catch (EngineException e) {
        throw new IllegalArgumentException(
            "append failed; are all tokens inside the vocabulary [0, " + config.vocabSize() + ")? "
                + e.getMessage(),
            e);
      }
      if (bias != null) {
        keyBias = keep(bias, keyBias);
      }
      logits = keep(next, logits);
      nextPositions = keep(model.ops().nextPositions(nextPositions), nextPositions);
      nextMaxPosition++;
    }
  }

  @Override
  public void selectRows(NDArray rowIndices) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray index = rowIndices.reshape(-1).toType(DataType.INT64, false);
      cache.selectRows(index);
      if (keyBias != null) {
        keyBias = keep(keyBias.get(index), keyBias);
      }
      logits = keep(logits.get(index), logits);
      nextPositions = keep(nextPositions.get(index), nextPositions);
      rows = Math.toIntExact(index.size());
    }
  }

  @Override
  public void close() {
    cache.close();
    manager.close();
  }

  /** Moves {@code fresh} into the session, out of the current scope, and closes {@code old}. */
  private NDArray keep(NDArray fresh, NDArray old) {
    NDScope.unregister(fresh);
    fresh.attach(manager);
    if (old != null && old != fresh) {
      old.close();
    }
    return fresh;
  }
}
