package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.io.MalformedFileException;

/** Where a new {@link MarianModel} gets each tensor's initial value: random initialisation or a checkpoint. */
@FunctionalInterface
interface MarianWeightSource {

  /**
   * Creates the value of one tensor.
   *
   * @param name the transformers name, e.g. {@code model.encoder.layers.0.fc1.weight}
   * @param shape the expected shape (linear weights are (out, in), as in PyTorch)
   * @param manager the model's manager, which must own the result
   * @return a float32 array of exactly {@code shape}
   * @throws MalformedFileException if a checkpoint lacks the tensor or holds another shape
   */
  NDArray create(String name, Shape shape, NDManager manager) throws MalformedFileException;
}
