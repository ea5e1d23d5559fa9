package io.github.mgs4j.core.runtime;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.model.TrainableParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * A point or a direction in parameter space (θ, a replica's θ, the snapshot, ∇L, the update): one float32 array
 * per parameter tensor, in parameter order, and what {@link HostArithmetic} needs to know of them: whether they
 * were allocated here (dense: no write check), which arrays share one check (every step's gradient handles),
 * and whether they live on another device than the model (a remote replica's).
 */
public final class ParameterVector implements AutoCloseable {
  private final List<NDArray> arrays;
  private final Object probeKey;
  private final boolean fresh;
  private final boolean remote;
  private final NDManager owned;

  private ParameterVector(List<NDArray> arrays, Object probeKey, boolean fresh, boolean remote, NDManager owned) {
    if (arrays.isEmpty()) {
      throw new IllegalArgumentException("a parameter vector needs at least one array");
    }
    this.arrays = List.copyOf(arrays);
    this.probeKey = probeKey;
    this.fresh = fresh;
    this.remote = remote;
    this.owned = owned;
  }

  /** A model's (or a replica's) live parameters: writes change the model. */
  public static ParameterVector of(TrainableParameters parameters) {
    return new ParameterVector(parameters.arrays(), parameters, false, false, null);
  }

  /** Arrays that are not a model's parameters (e.g. an optimizer's update or its moments). */
  public static ParameterVector of(List<NDArray> arrays) {
    return new ParameterVector(arrays, null, false, false, null);
  }

  /**
   * The parameters' gradient storage, as handles owned by {@code scope}: writes change the gradients. Every
   * step's handles share the first step's check, since autograd lays each gradient out like its parameter.
   */
  public static ParameterVector gradientsOf(TrainableParameters parameters, NDManager scope) {
    List<NDArray> gradients = new ArrayList<>(parameters.count());
    for (int w = 0; w < parameters.count(); w++) {
      NDArray g = parameters.gradient(w);
      g.attach(scope);
      gradients.add(g);
    }
    return new ParameterVector(gradients, new GradientsOf(parameters), false, false, null);
  }

  /**
   * New zero arrays shaped like {@code like}, on {@code owner}'s device, in a sub-manager of {@code owner} that
   * {@link #close()} frees.
   */
  public static ParameterVector zerosLike(ParameterVector like, NDManager owner) {
    NDManager manager = owner.newSubManager();
    List<NDArray> zeros = new ArrayList<>(like.count());
    for (NDArray a : like.arrays) {
      zeros.add(manager.zeros(a.getShape(), a.getDataType()));
    }
    return new ParameterVector(zeros, null, true, false, manager);
  }

  /** This vector, marked as living on another device than the model (see {@link #remote()}). */
  public ParameterVector asRemote() {
    return new ParameterVector(arrays, probeKey, fresh, true, null);
  }

  /** The arrays, in parameter order (unmodifiable). */
  public List<NDArray> arrays() {
    return arrays;
  }

  /** The array of tensor {@code w}. */
  public NDArray get(int w) {
    return arrays.get(w);
  }

  /** The number of tensors. */
  public int count() {
    return arrays.size();
  }

  /** The element count of every tensor. */
  public long[] sizes() {
    long[] sizes = new long[arrays.size()];
    for (int w = 0; w < sizes.length; w++) {
      sizes[w] = arrays.get(w).size();
    }
    return sizes;
  }

  /** The shape of every tensor. */
  public List<Shape> shapes() {
    List<Shape> shapes = new ArrayList<>(arrays.size());
    for (NDArray a : arrays) {
      shapes.add(a.getShape());
    }
    return shapes;
  }

  /** Where the arrays live. */
  public Device device() {
    return arrays.get(0).getDevice();
  }

  /** A manager on this vector's device, for transient arrays. */
  public NDManager manager() {
    return arrays.get(0).getManager();
  }

  /**
   * Whether the vector lives elsewhere than the model it is combined with (a replica on another device): its
   * candidate is copied to the model's device, tensor by tensor, to be folded.
   */
  public boolean remote() {
    return remote;
  }

  /** Whether the arrays were allocated by {@link #zerosLike} (dense and contiguous). */
  boolean fresh() {
    return fresh;
  }

  /** The key under which the host's write check of these arrays is remembered, or null for one per array. */
  Object probeKey() {
    return probeKey;
  }

  /** Frees the arrays if this vector allocated them. */
  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }

  /** The probe key shared by the gradient handles of one parameter set. */
  private record GradientsOf(TrainableParameters parameters) {}
}
