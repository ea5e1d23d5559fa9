package io.github.mgs4j.core.search;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.ReplicableModel;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The R inference-only model replicas that decode MGS candidates concurrently, one worker thread each,
 * spread round robin over the configured devices (all on the model's device by default).
 * Replica r only ever runs on worker r's queue, one candidate at a time, and the step writes a candidate
 * into it only after the previous one it held has been folded, so no replica is used by two threads at once.
 *
 * <p>A replica on another device than the model's ("remote") gets, per step, its own scope on its device and a
 * copy of the clipped MLE gradient there (one per device, shared by its replicas), so its noise is applied
 * where it lives; its candidate comes back to the model's device for the fold ({@link #copyOnto}).
 */
final class CandidateReplicas implements AutoCloseable {
  private final List<ReplicableModel> models = new ArrayList<>();
  private final List<TrainableParameters> parameters = new ArrayList<>();
  private final List<Device> devices = new ArrayList<>();
  private final List<ExecutorService> workers = new ArrayList<>();
  private final boolean[] remote;

  /**
   * Makes {@code count} replicas of {@code model}, replica r on {@code placement.get(r mod n)} (on the
   * model's device when {@code placement} is empty).
   *
   * @param copyAcrossAlways treat every replica as remote even on the model's device (the copies are then
   *     made within one device): lets a machine without several devices run the remote path
   * @throws IllegalArgumentException if the model cannot be replicated or a replica does not match it
   */
  CandidateReplicas(
      SequenceModel model, TrainableParameters live, int count, List<Device> placement, boolean copyAcrossAlways) {
    if (!(model instanceof ReplicableModel replicable)) {
      throw new IllegalArgumentException("candidateReplicas = " + count + " needs a model that implements "
          + "ReplicableModel; " + model.getClass().getName() + " does not (use 0 to perturb in place)");
    }
    Device home = live.array(0).getDevice();
    this.remote = new boolean[count];
    try {
      for (int r = 0; r < count; r++) {
        Device device = placement.isEmpty() ? home : placement.get(r % placement.size());
        ReplicableModel replica = replicable.replicate(device);
        models.add(replica);
        TrainableParameters replicaParameters = live.matching(replica);
        parameters.add(replicaParameters);
        Device actual = replicaParameters.array(0).getDevice();
        if (!actual.equals(device)) {
          throw new IllegalArgumentException(
              "replica " + r + " was asked for " + device + " but its parameters are on " + actual);
        }
        devices.add(device);
        remote[r] = copyAcrossAlways || !device.equals(home);
        String name = "mgs-candidate-" + r;
        workers.add(Executors.newSingleThreadExecutor(task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        }));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  int count() {
    return models.size();
  }

  SequenceModel model(int r) {
    return models.get(r);
  }

  TrainableParameters parameters(int r) {
    return parameters.get(r);
  }

  /** Whether replica {@code r} lives elsewhere than the model (its candidates are copied back to be folded). */
  boolean remote(int r) {
    return remote[r];
  }

  /** Sets every replica's parameters to the live values (copied across devices where they differ). */
  void copyFrom(TrainableParameters live) {
    for (TrainableParameters replica : parameters) {
      for (int w = 0; w < live.count(); w++) {
        TrainableParameters.copyInto(replica.array(w), live.array(w));
      }
    }
  }

  /**
   * Opens one step's inputs: for each remote replica a scope on its device and the gradients copied there;
   * the others use {@code homeScope} and {@code gradients} themselves.
   *
   * @param gradients the clipped MLE gradient ∇L on the model's device
   * @param homeScope the step's scope on the model's device
   * @return the inputs, to be closed when the step ends (frees the copies)
   */
  StepInputs open(List<NDArray> gradients, NDManager homeScope) {
    return new StepInputs(gradients, homeScope);
  }

  /**
   * A copy of {@code source} on {@code owner}'s device, owned by {@code owner}: an empty array there and a
   * copy into it (PyTorch copies across devices), so nothing is created under the source's manager.
   */
  static NDArray copyOnto(NDArray source, NDManager owner) {
    NDArray copy = owner.create(source.getShape(), source.getDataType());
    TrainableParameters.copyInto(copy, source);
    return copy;
  }

  /** Runs {@code job} on replica {@code r}'s worker. */
  <T> Future<T> submit(int r, Callable<T> job) {
    return workers.get(r).submit(job);
  }

  /** Stops the workers (after their current job) and releases the replicas. */
  @Override
  public void close() {
    for (ExecutorService worker : workers) {
      worker.shutdown();
    }
    boolean interrupted = false;
    for (ExecutorService worker : workers) {
      try {
        worker.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    for (ReplicableModel replica : models) {
      replica.close();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** One step's per-replica scope and gradients; closing it frees the remote scopes and gradient copies. */
  final class StepInputs implements AutoCloseable {
    private final NDManager[] scopes;
    private final List<List<NDArray>> gradients = new ArrayList<>();
    private final List<NDManager> opened = new ArrayList<>();

    private StepInputs(List<NDArray> homeGradients, NDManager homeScope) {
      scopes = new NDManager[count()];
      Map<Device, List<NDArray>> copies = new HashMap<>();
      try {
        for (int r = 0; r < scopes.length; r++) {
          if (!remote[r]) {
            scopes[r] = homeScope;
            gradients.add(homeGradients);
            continue;
          }
          NDManager scope = parameters.get(r).manager().newSubManager();
          opened.add(scope);
          scopes[r] = scope;
          gradients.add(copies.computeIfAbsent(devices.get(r), d -> {
            List<NDArray> copy = new ArrayList<>(homeGradients.size());
            for (NDArray g : homeGradients) {
              copy.add(copyOnto(g, scope));
            }
            return copy;
          }));
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    /** Replica {@code r}'s scope for the step's transient arrays (on its device). */
    NDManager scope(int r) {
      return scopes[r];
    }

    /** The clipped MLE gradient on replica {@code r}'s device. */
    List<NDArray> gradients(int r) {
      return gradients.get(r);
    }

    @Override
    public void close() {
      for (NDManager scope : opened) {
        scope.close();
      }
      opened.clear();
    }
  }
}
