package io.github.mgs4j.examples.nn;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.github.mgs4j.core.model.DecodingSession;
import java.util.function.Consumer;

/**
 * A {@link DecodingSession} over a model's cache of earlier positions: the part every cached incremental decoder
 * shares, so that a model writes only how one token per row extends its cache ({@link #step}) and how rows are
 * selected.
 *
 * <p>The session's arrays belong to its own sub-manager ({@link #manager}), closed with the session. {@link
 * #append} checks the token count and the position limit, runs {@link #step} inside a scope that releases the
 * step's intermediates, and turns an engine failure (in practice, a token outside the vocabulary) into an {@link
 * IllegalArgumentException} that says so.
 */
public abstract class CachedDecodingSession implements DecodingSession {
  /** The session's sub-manager: the cache, the logits and anything else the session keeps. */
  protected final NDManager manager;

  private final int vocabularySize;
  private final int positionLimit;
  private final String positionLimitName;
  private int rows;
  private int position;

  /**
   * Creates the session's sub-manager; the subclass fills the cache in {@link #start}.
   *
   * @param parent the manager whose sub-manager owns the session
   * @param rows the number of rows
   * @param vocabularySize the model's vocabulary size, named in the error of a failed append
   * @param positionLimit the first position the model cannot embed
   * @param positionLimitName the configuration field that sets {@code positionLimit}, for error messages
   */
  protected CachedDecodingSession(
      NDManager parent, int rows, int vocabularySize, int positionLimit, String positionLimitName) {
    this.manager = parent.newSubManager();
    this.rows = rows;
    this.vocabularySize = vocabularySize;
    this.positionLimit = positionLimit;
    this.positionLimitName = positionLimitName;
  }

  /**
   * Runs {@code fill} (the prompt through the model) inside a scope and returns the session, closing it if
   * {@code fill} fails.
   *
   * @param session a new session
   * @param fill fills the session's cache and logits and sets its position
   * @param <S> the session type
   * @return {@code session}
   */
  protected static <S extends CachedDecodingSession> S start(S session, Consumer<S> fill) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      fill.accept(session);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }

  @Override
  public final int rows() {
    return rows;
  }

  /**
   * Appends one token per row and computes the next logits.
   *
   * @param tokens int64 or int32 (rows)
   * @throws IllegalArgumentException if the shape is wrong or a token is outside the vocabulary
   * @throws IllegalStateException if a row would pass the model's position limit
   */
  @Override
  public final void append(NDArray tokens) {
    if (tokens.getShape().size() != rows) {
      throw new IllegalArgumentException(
          "append needs one token per row: " + rows + " rows but tokens of shape " + tokens.getShape());
    }
    if (position >= positionLimit) {
      throw new IllegalStateException(
          "cannot append: position " + position + " is past " + positionLimitName + " = " + positionLimit);
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray ids = tokens.reshape(rows, 1).toType(DataType.INT64, false);
      try {
        step(ids);
      } catch (EngineException e) {
        throw new IllegalArgumentException(
            "append failed; are all tokens inside the vocabulary [0, " + vocabularySize + ")? " + e.getMessage(),
            e);
      }
      position++;
    }
  }

  /**
   * Runs the model on one new token per row against the cache, extends the cache and replaces the logits; called
   * inside a scope that releases whatever the step does not {@link #keep}.
   *
   * @param ids int64 (rows, 1)
   */
  protected abstract void step(NDArray ids);

  @Override
  public final void selectRows(NDArray rowIndices) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray index = rowIndices.reshape(-1).toType(DataType.INT64, false);
      select(index);
      rows = Math.toIntExact(index.size());
    }
  }

  /**
   * Keeps only the given rows, in order (rows may repeat); called inside a scope as {@link #step} is.
   *
   * @param index int64 (selected rows)
   */
  protected abstract void select(NDArray index);

  /** The position the next appended token takes (counting from the first position of the longest row). */
  protected final int position() {
    return position;
  }

  /**
   * Sets the position the next appended token takes; called by {@link #start}'s {@code fill}.
   *
   * @param next the number of positions the cache holds for the longest row
   */
  protected final void position(int next) {
    this.position = next;
  }

  /**
   * Moves {@code fresh} into the session, out of the current scope, and closes {@code old}.
   *
   * @return {@code fresh}
   */
  protected final NDArray keep(NDArray fresh, NDArray old) {
    return OwnedArrays.keep(manager, fresh, old);
  }

  /** Closes the session's cache (when it is not owned by {@link #manager} alone), then its manager. */
  @Override
  public void close() {
    manager.close();
  }
}
