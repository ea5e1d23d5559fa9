package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.io.MalformedFileException;

/**
 * Where a new {@link Gpt2Model} gets the initial value of each parameter: random initialisation or a
 * checkpoint.
 */
@FunctionalInterface
interface Gpt2WeightSource {

  /**
   * Creates the value of one parameter.
   *
   * @param name the Hugging Face name, e.g. {@code h.0.attn.c_attn.weight}
   * @param shape the expected shape (Conv1D weights are (in, out))
   * @param manager the model's manager, which must own the result
   * @return a float32 array of exactly {@code shape}
   * @throws MalformedFileException if a checkpoint lacks the tensor or holds another shape
   */
  NDArray create(String name, Shape shape, NDManager manager) throws MalformedFileException;
}
