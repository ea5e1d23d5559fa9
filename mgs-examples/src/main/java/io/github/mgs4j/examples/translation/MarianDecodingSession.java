package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.examples.nn.CachedDecodingSession;
import java.util.Arrays;

/**
 * Batched incremental decoding of a {@link MarianModel}: the encoder runs once for all rows when the session
 * starts, every decoder layer's cross-attention keys and values are computed once from its output, and the
 * decoder is run on the start token. Each {@link #append} runs the decoder on one new token per row against the
 * self-attention cache, entirely on the device; its intermediates are released at the end of the step, so memory
 * grows only with the cache. {@link #selectRows} gathers rows of the self-attention cache, and of the encoder's
 * keys and values only when the selection changes the set of sources (see {@link MarianDecoderCache}); the logits
 * are gathered only if they are read before the next {@code append}.
 *
 * <p>All rows are at the same decoder position (sources are padded, targets never are), so a step needs no
 * decoder mask. The array returned by {@link #nextLogits()} belongs to the session and is replaced (closed) by
 * the next {@code append} or {@code selectRows}.
 */
final class MarianDecodingSession extends CachedDecodingSession {
  private final MarianModel model;
  private MarianDecoderCache cache;
  private NDArray logits;
  /** Rows of {@link #logits} selected since they were computed, or null for all of them in order. */
  private long[] logitsRows;

  private MarianDecodingSession(MarianModel model, NDManager parent, int rows) {
    super(
        parent,
        rows,
        model.vocabularySize(),
        model.config().maxPositionEmbeddings(),
        "max_position_embeddings");
    this.model = model;
  }

  /**
   * Encodes the sources and decodes the start token.
   *
   * @param model the model
   * @param parent the manager whose sub-manager owns the session
   * @param sources one non-empty source per row
   * @return the session, positioned after the decoder start token
   * @throws IllegalArgumentException for an empty or over-long source or an id outside the vocabulary
   */
  static MarianDecodingSession start(MarianModel model, NDManager parent, int[][] sources) {
    MarianConfig config = model.config();
    MarianInputs.validate(sources, config.vocabSize(), config.maxPositionEmbeddings(), "source");
    return start(new MarianDecodingSession(model, parent, sources.length), session -> session.encode(sources));
  }

  private void encode(int[][] sources) {
    MarianConfig config = model.config();
    MarianInputs.Sources inputs = MarianInputs.sources(manager, config, sources);
    NDArray encoded = model.encode(inputs, false);
    cache = new MarianDecoderCache(manager, model.crossKeysValues(encoded), inputs.bias());
    long[] start = new long[sources.length];
    Arrays.fill(start, config.decoderStartTokenId());
    NDArray tokens = manager.create(start, new Shape(sources.length, 1));
    logits = keep(model.decodeStep(tokens, 0, cache), null);
    position(1);
  }

  @Override
  public NDArray nextLogits() {
    if (logitsRows != null) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        logits = keep(logits.get(manager.create(logitsRows)), logits);
      }
      logitsRows = null;
    }
    return logits;
  }

  @Override
  protected void step(NDArray ids) {
    logits = keep(model.decodeStep(ids, position(), cache), logits);
    logitsRows = null;
  }

  @Override
  protected void select(NDArray index) {
    long[] selected = index.toLongArray();
    for (long row : selected) {
      if (row < 0 || row >= rows()) {
        throw new IllegalArgumentException("selectRows: row " + row + " is outside [0, " + rows() + ")");
      }
    }
    cache.selectRows(index, selected);
    logitsRows = logitsRows == null ? selected : compose(logitsRows, selected);
  }

  @Override
  public void close() {
    if (cache != null) {
      cache.close();
    }
    super.close();
  }

  /** {@code earlier[later[i]]} for every i: the rows selected by {@code earlier} then {@code later}. */
  private static long[] compose(long[] earlier, long[] later) {
    long[] out = new long[later.length];
    for (int i = 0; i < later.length; i++) {
      out[i] = earlier[Math.toIntExact(later[i])];
    }
    return out;
  }
}
