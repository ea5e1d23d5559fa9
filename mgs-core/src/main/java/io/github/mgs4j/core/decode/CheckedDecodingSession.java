package io.github.mgs4j.core.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.model.DecodingSession;

/**
 * A model's decoding session with its outputs checked, so that a model that lies stops the decode with an
 * error instead of training on: the logits must have shape (rows, vocabulary) and must contain neither NaN
 * nor +∞ (−∞ is allowed: it masks a token). The shape is checked at every step; finiteness at the first step
 * and every {@value #FINITENESS_INTERVAL}th after it (one reduction then), since a model whose parameters or
 * inputs make it produce NaN does so from the first step.
 */
final class CheckedDecodingSession implements DecodingSession {
  /** Steps between finiteness checks. */
  static final int FINITENESS_INTERVAL = 16;

  private final DecodingSession session;
  private final int vocabulary;
  private final String model;
  private int step;

  CheckedDecodingSession(DecodingSession session, int vocabulary, String model) {
    this.session = session;
    this.vocabulary = vocabulary;
    this.model = model;
  }

  @Override
  public int rows() {
    return session.rows();
  }

  @Override
  public NDArray nextLogits() {
    NDArray logits = session.nextLogits();
    Shape shape = logits.getShape();
    if (shape.dimension() != 2 || shape.get(0) != session.rows() || shape.get(1) != vocabulary) {
      throw new IllegalStateException(
          model + " returned next-token logits of shape " + shape + " at decoding step " + step + ", expected ("
              + session.rows() + ", " + vocabulary + ") for " + session.rows()
              + " rows and its declared vocabulary of " + vocabulary);
    }
    if (step % FINITENESS_INTERVAL == 0) {
      float sum;
      try (NDArray total = logits.sum()) {
        sum = total.getFloat();
      }
      if (Float.isNaN(sum) || sum == Float.POSITIVE_INFINITY) {
        throw new IllegalStateException(
            model + " returned non-finite next-token logits (NaN or +Infinity) at decoding step " + step
                + "; are its parameters finite?");
      }
    }
    step++;
    return logits;
  }

  @Override
  public void append(NDArray tokens) {
    session.append(tokens);
  }

  @Override
  public void selectRows(NDArray rowIndices) {
    session.selectRows(rowIndices);
  }

  @Override
  public void close() {
    session.close();
  }
}
