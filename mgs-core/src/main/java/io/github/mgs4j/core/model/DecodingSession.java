package io.github.mgs4j.core.model;

import ai.djl.ndarray.NDArray;

/**
 * The state of incremental decoding for a set of rows (for example a KV cache). Decoders drive it: ask for
 * the next-token logits, choose tokens, append them, and optionally keep or reorder rows (beam search,
 * dropping finished rows). All arrays belong to the manager the session was started with.
 */
public interface DecodingSession extends AutoCloseable {

  /** The number of live rows. */
  int rows();

  /**
   * Unnormalised next-token scores for every live row. The array belongs to the session (it may be kept and
   * reused until the next {@link #append} or {@link #selectRows}): callers read it but never close or attach
   * it.
   *
   * @return a float32 array of shape (rows, vocabulary)
   */
  NDArray nextLogits();

  /**
   * Appends one token to every live row.
   *
   * @param tokens an int64 (or int32) array of shape (rows)
   */
  void append(NDArray tokens);

  /**
   * Keeps only the given rows, in the given order; a row may be repeated (beam expansion).
   *
   * @param rowIndices an int64 array of row indices into the current rows
   */
  void selectRows(NDArray rowIndices);

  /** Releases the session's state early; the owning manager would otherwise release it. */
  @Override
  void close();
}
