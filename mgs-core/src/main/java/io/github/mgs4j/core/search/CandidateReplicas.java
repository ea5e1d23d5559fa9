package io.github.mgs4j.core.search;

import io.github.mgs4j.core.model.ReplicableModel;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The R inference-only model replicas that decode MGS candidates concurrently, one worker thread each.
 * Replica r only ever runs on worker r's queue, one candidate at a time, and the step writes a candidate
 * into it only after the previous one it held has been folded, so no replica is used by two threads at once.
 */
final class CandidateReplicas implements AutoCloseable {
  private final List<ReplicableModel> models = new ArrayList<>();
  private final List<TrainableParameters> parameters = new ArrayList<>();
  private final List<ExecutorService> workers = new ArrayList<>();

  /**
   * Makes {@code count} replicas of {@code model}.
   *
   * @throws IllegalArgumentException if the model cannot be replicated or a replica does not match it
   */
  CandidateReplicas(SequenceModel model, TrainableParameters live, int count) {
    if (!(model instanceof ReplicableModel replicable)) {
      throw new IllegalArgumentException("candidateReplicas = " + count + " needs a model that implements "
          + "ReplicableModel; " + model.getClass().getName() + " does not (use 0 to perturb in place)");
    }
    try {
      for (int r = 0; r < count; r++) {
        ReplicableModel replica = replicable.replicate();
        models.add(replica);
        parameters.add(live.matching(replica));
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

  /** Sets every replica's parameters to the live values. */
  void copyFrom(TrainableParameters live) {
    for (TrainableParameters replica : parameters) {
      for (int w = 0; w < live.count(); w++) {
        TrainableParameters.copyInto(replica.array(w), live.array(w));
      }
    }
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
}
