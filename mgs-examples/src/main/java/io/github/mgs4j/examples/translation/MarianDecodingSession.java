package io.github.mgs4j.examples.translation;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.model.DecodingSession;

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
final class MarianDecodingSession implements DecodingSession {
  private final MarianModel model;
  private final NDManager manager;
  private MarianDecoderCache cache;
  private NDArray logits;
  /** Rows of {@link #logits} selected since they were computed, or null for all of them in order. */
  private long[] logitsRows;
  private int rows;
  private int position;

  private MarianDecodingSession(MarianModel model, NDManager manager, int rows) {
    this.model = model;
    this.manager = manager;
    this.rows = rows;
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
    NDManager manager = parent.newSubManager();
    MarianDecodingSession session = new MarianDecodingSession(model, manager, sources.length);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      MarianInputs.Sources inputs = MarianInputs.sources(manager, config, sources);
      NDArray encoded = model.encode(inputs, false);
      session.cache = new MarianDecoderCache(manager, model.crossKeysValues(encoded), inputs.bias());
      long[] start = new long[sources.length];
      java.util.Arrays.fill(start, config.decoderStartTokenId());
      NDArray tokens = manager.create(start, new Shape(sources.length, 1));
      session.logits = MarianOps.keep(manager, model.decodeStep(tokens, 0, session.cache), null);
      session.position = 1;
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

  @Override
  public NDArray nextLogits() {
    if (logitsRows != null) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        logits = MarianOps.keep(manager, logits.get(manager.create(logitsRows)), logits);
      }
      logitsRows = null;
    }
    return logits;
  }

  /**
   * Appends one token per row and computes the next logits.
   *
   * @param tokens int64 or int32 (rows)
   * @throws IllegalArgumentException if the shape is wrong or a token is outside the vocabulary
   * @throws IllegalStateException if the target would pass {@code max_position_embeddings}
   */
  @Override
  public void append(NDArray tokens) {
    if (tokens.getShape().size() != rows) {
      throw new IllegalArgumentException(
          "append needs one token per row: " + rows + " rows but tokens of shape " + tokens.getShape());
    }
    int limit = model.config().maxPositionEmbeddings();
    if (position >= limit) {
      throw new IllegalStateException(
          "cannot append: decoder position " + position + " is past max_position_embeddings = " + limit);
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray ids = tokens.reshape(rows, 1).toType(DataType.INT64, false);
      try {
        logits = MarianOps.keep(manager, model.decodeStep(ids, position, cache), logits);
        logitsRows = null;
      } catch (EngineException e) {
        throw new IllegalArgumentException(
            "append failed; are all tokens inside the vocabulary [0, " + model.vocabularySize() + ")? "
                + e.getMessage(),
            e);
      }
      position++;
    }
  }

  @Override
  public void selectRows(NDArray rowIndices) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray index = rowIndices.reshape(-1).toType(DataType.INT64, false);
      long[] selected = index.toLongArray();
      for (long row : selected) {
        if (row < 0 || row >= rows) {
          throw new IllegalArgumentException("selectRows: row " + row + " is outside [0, " + rows + ")");
        }
      }
      cache.selectRows(index, selected);
      logitsRows = logitsRows == null ? selected : compose(logitsRows, selected);
      rows = selected.length;
    }
  }

  @Override
  public void close() {
    if (cache != null) {
      cache.close();
    }
    manager.close();
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
