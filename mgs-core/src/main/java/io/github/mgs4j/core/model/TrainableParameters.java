package io.github.mgs4j.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A validated, ordered view of a model's trainable parameter arrays: names, arrays, element counts, and
 * gradient access that never leaks native handles.
 */
public final class TrainableParameters {
  private static final NDIndex ALL = new NDIndex("...");

  private final List<String> names;
  private final List<NDArray> arrays;
  private final long[] sizes;
  private final long totalSize;

  private TrainableParameters(List<String> names, List<NDArray> arrays) {
    this.names = Collections.unmodifiableList(names);
    this.arrays = Collections.unmodifiableList(arrays);
    this.sizes = new long[arrays.size()];
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = arrays.get(i).size();
      total += sizes[i];
    }
    this.totalSize = total;
  }

  /**
   * Reads and validates the parameters of a model.
   *
   * @throws IllegalArgumentException if there are no parameters, a name repeats, an array is missing, is not
   *     float32, or has no gradient attached
   */
  public static TrainableParameters of(SequenceModel model) {
    PairList<String, Parameter> params = Objects.requireNonNull(model, "model").parameters();
    if (params == null || params.isEmpty()) {
      throw new IllegalArgumentException("the model has no trainable parameters");
    }
    List<String> names = new ArrayList<>();
    List<NDArray> arrays = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Pair<String, Parameter> p : params) {
      String name = p.getKey();
      if (!seen.add(name)) {
        throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
      }
      Parameter parameter = p.getValue();
      if (parameter == null || !parameter.isInitialized()) {
        throw new IllegalArgumentException("parameter '" + name + "' is not initialised");
      }
      NDArray array = parameter.getArray();
      if (array.getDataType() != DataType.FLOAT32) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' is " + array.getDataType() + "; MGS trains float32 parameters");
      }
      if (!array.hasGradient()) {
        throw new IllegalArgumentException("parameter '" + name + "' has no gradient attached");
      }
      names.add(name);
      arrays.add(array);
    }
    return new TrainableParameters(names, arrays);
  }

  /**
   * The parameters of a replica of this model (see {@link ReplicableModel}), checked against these: same
   * names in the same order, same shapes, float32. Gradients are not required.
   *
   * @param replica the replica
   * @return its parameters
   * @throws IllegalArgumentException naming the first parameter that does not match
   */
  public TrainableParameters matching(SequenceModel replica) {
    PairList<String, Parameter> params = Objects.requireNonNull(replica, "replica").parameters();
    if (params == null || params.size() != names.size()) {
      throw new IllegalArgumentException("the replica has " + (params == null ? 0 : params.size())
          + " parameters, the model " + names.size());
    }
    List<NDArray> replicaArrays = new ArrayList<>();
    for (int w = 0; w < names.size(); w++) {
      String name = params.get(w).getKey();
      Parameter parameter = params.get(w).getValue();
      if (!names.get(w).equals(name)) {
        throw new IllegalArgumentException("replica parameter " + w + " is '" + name + "', expected '"
            + names.get(w) + "'");
      }
      NDArray array = parameter == null || !parameter.isInitialized() ? null : parameter.getArray();
      if (array == null || array.getDataType() != DataType.FLOAT32
          || !array.getShape().equals(arrays.get(w).getShape())) {
        throw new IllegalArgumentException("replica parameter '" + name + "' is "
            + (array == null ? "missing" : array.getDataType() + " " + array.getShape())
            + ", expected float32 " + arrays.get(w).getShape());
      }
      replicaArrays.add(array);
    }
    return new TrainableParameters(names, replicaArrays);
  }

  /** The parameter arrays in order (unmodifiable). */
  public List<NDArray> arrays() {
    return arrays;
  }

  /** Number of parameter tensors. */
  public int count() {
    return arrays.size();
  }

  /** The name of tensor {@code w}. */
  public String name(int w) {
    return names.get(w);
  }

  /** All names, in order. */
  public List<String> names() {
    return names;
  }

  /** The live parameter array of tensor {@code w} (owned by the model). */
  public NDArray array(int w) {
    return arrays.get(w);
  }

  /** Element counts per tensor. */
  public long[] sizes() {
    return sizes.clone();
  }

  /** The total number of scalar parameters. */
  public long totalSize() {
    return totalSize;
  }

  /** Bytes of float32 parameters. */
  public long bytes() {
    return totalSize * Float.BYTES;
  }

  /** The manager that owns the parameters (for persistent per-trainer buffers). */
  public NDManager manager() {
    return arrays.get(0).getManager();
  }

  /**
   * The gradient of tensor {@code w} as a handle that aliases the real gradient storage; in-place operations
   * on it change the gradient. The caller must close it.
   */
  public NDArray gradient(int w) {
    return arrays.get(w).getGradient();
  }

  /** Sets every gradient to zero in place (DJL's collector does not zero them between steps). */
  public void zeroGradients() {
    try (NDManager scratch = manager().newSubManager()) {
      for (int w = 0; w < arrays.size(); w++) {
        NDArray g = gradient(w);
        g.attach(scratch);
        g.set(ALL, 0f);
      }
    }
  }

  /**
   * Copies {@code source} into {@code target} in place, bit for bit; the two may live on different devices
   * (PyTorch copies across them).
   */
  public static void copyInto(NDArray target, NDArray source) {
    target.set(ALL, source);
  }
}
