package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.github.mgs4j.core.io.MalformedFileException;

/** Creates a model's parameters from a {@link MarianWeightSource} and registers them in transformers' order. */
final class MarianParameters {
  private final MarianWeightSource source;
  private final NDManager manager;
  private final PairList<String, Parameter> registry;

  MarianParameters(MarianWeightSource source, NDManager manager, PairList<String, Parameter> registry) {
    this.source = source;
    this.manager = manager;
    this.registry = registry;
  }

  /** Creates {@code name} with gradients attached and registers it. */
  Parameter create(String name, Parameter.Type type, long... shape) throws MalformedFileException {
    NDArray created = source.create(name, new Shape(shape), manager);
    // Copy into torch-allocated memory: arrays wrapping Java direct buffers make the matmuls slower.
    NDArray array = created.duplicate();
    created.close();
    array.setName(name);
    array.setRequiresGradient(true);
    Parameter parameter = Parameter.builder().setName(name).setType(type).optArray(array).build();
    registry.add(name, parameter);
    return parameter;
  }

  /** A tensor that is read but not trained (transformers' buffers, e.g. {@code final_logits_bias}). */
  NDArray constant(String name, long... shape) throws MalformedFileException {
    NDArray created = source.create(name, new Shape(shape), manager);
    NDArray array = created.duplicate();
    created.close();
    array.setName(name);
    return array;
  }

  /** The weight and bias of a {@code nn.Linear(in, out)} named {@code prefix}. */
  Parameter[] linear(String prefix, long in, long out) throws MalformedFileException {
    return new Parameter[] {
      create(prefix + ".weight", Parameter.Type.WEIGHT, out, in), create(prefix + ".bias", Parameter.Type.BIAS, out)
    };
  }

  /** The gain and bias of a {@code nn.LayerNorm(dim)} named {@code prefix}. */
  Parameter[] layerNorm(String prefix, long dim) throws MalformedFileException {
    return new Parameter[] {
      create(prefix + ".weight", Parameter.Type.GAMMA, dim), create(prefix + ".bias", Parameter.Type.BETA, dim)
    };
  }
}
