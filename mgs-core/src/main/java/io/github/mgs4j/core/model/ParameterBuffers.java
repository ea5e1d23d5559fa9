package io.github.mgs4j.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * One float32 buffer per parameter tensor, reused for as long as it lives (so memory does not grow with K).
 * MGS keeps the snapshot of θ that restores the parameters bit for bit after each candidate and, with the
 * accumulator option, the streaming accumulator of the update direction, for one step or for the whole run.
 */
public final class ParameterBuffers implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] buffers;

  /**
   * Allocates one zero buffer per parameter tensor.
   *
   * @param parameters the parameters whose shapes the buffers take
   * @param owner the manager under which the buffers live (a sub-manager is created)
   */
  public ParameterBuffers(TrainableParameters parameters, NDManager owner) {
    this.manager = owner.newSubManager();
    this.buffers = new NDArray[parameters.count()];
    for (int w = 0; w < buffers.length; w++) {
      NDArray like = parameters.array(w);
      buffers[w] = manager.zeros(like.getShape(), like.getDataType(), like.getDevice());
    }
  }

  /** The buffer of tensor {@code w}. */
  public NDArray get(int w) {
    return buffers[w];
  }

  /** The buffers in parameter order (unmodifiable). */
  public List<NDArray> arrays() {
    return List.of(buffers);
  }

  /** The number of buffers. */
  public int count() {
    return buffers.length;
  }

  /** Copies every parameter into its buffer. */
  public void copyFrom(TrainableParameters parameters) {
    for (int w = 0; w < buffers.length; w++) {
      TrainableParameters.copyInto(buffers[w], parameters.array(w));
    }
  }

  /** Copies every buffer back into its parameter, bit for bit. */
  public void copyTo(TrainableParameters parameters) {
    for (int w = 0; w < buffers.length; w++) {
      TrainableParameters.copyInto(parameters.array(w), buffers[w]);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
