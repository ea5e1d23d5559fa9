package io.github.mgs4j.core.execution;

import ai.djl.Device;
import io.github.mgs4j.core.model.ReplicableModel;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.Candidate;
import io.github.mgs4j.core.search.CandidateEvaluator;
import io.github.mgs4j.core.search.CandidateSearch;
import io.github.mgs4j.core.search.CandidateStatistics;
import io.github.mgs4j.core.search.EvaluatedCandidate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates candidates on R inference-only replicas of the model ({@link ReplicableModel}), one worker thread
 * each, spread round robin over devices (the model's by default): candidate k is drawn into replica k mod R on
 * the calling thread and decoded on that replica's worker while the next candidate is drawn into the next
 * replica; the candidates reach the sink in order, and a replica is reused only after its previous candidate
 * has been handed over and reset. θ, the model's own parameters, is never written. A replica on another
 * device than the model's is "remote": its noise uses a copy of ∇L on its device, and its candidate is copied
 * back tensor by tensor to be folded.
 */
final class ReplicaEvaluator implements CandidateEvaluator {
  private final List<ReplicableModel> models = new ArrayList<>();
  private final List<ParameterVector> vectors = new ArrayList<>();
  private final List<ExecutorService> workers = new ArrayList<>();

  /**
   * Makes the replicas.
   *
   * @param model the model (must be a {@link ReplicableModel})
   * @param live its parameters
   * @param count R ≥ 1
   * @param placement the devices, round robin (empty: the model's)
   * @param remoteAlways treat every replica as remote, even on the model's device (copies within one device
   *     then stand in for copies across devices, so a machine with one device runs the remote path)
   * @throws IllegalArgumentException if the model cannot be replicated or a replica does not match it
   */
  ReplicaEvaluator(
      SequenceModel model, TrainableParameters live, int count, List<Device> placement, boolean remoteAlways) {
    if (!(model instanceof ReplicableModel replicable)) {
      throw new IllegalArgumentException("candidate replicas (" + count + ") need a model that implements "
          + "ReplicableModel; " + model.getClass().getName() + " does not (evaluate in place instead)");
    }
    Device home = live.array(0).getDevice();
    try {
      for (int r = 0; r < count; r++) {
        Device device = placement.isEmpty() ? home : placement.get(r % placement.size());
        ReplicableModel replica = replicable.replicate(device);
        models.add(replica);
        TrainableParameters parameters = live.matching(replica);
        Device actual = parameters.array(0).getDevice();
        if (!actual.equals(device)) {
          throw new IllegalArgumentException(
              "replica " + r + " was asked for " + device + " but its parameters are on " + actual);
        }
        ParameterVector vector = ParameterVector.of(parameters);
        vectors.add(remoteAlways || !device.equals(home) ? vector.asRemote() : vector);
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

  @Override
  public void evaluate(CandidateSearch search, List<Candidate> candidates, Sink sink) {
    for (ParameterVector replica : vectors) {
      search.arithmetic().copy(replica, search.theta());
    }
    int slots = vectors.size();
    CandidateStatistics[] statistics = new CandidateStatistics[candidates.size()];
    List<Future<CandidateSearch.Score>> pending = new ArrayList<>(candidates.size());
    int handed = 0;
    try {
      for (Candidate candidate : candidates) {
        int c = candidate.index();
        int slot = c % slots;
        if (c >= slots) {
          // The slot's previous candidate is handed over (and the replica reset to θ) before reuse.
          handOver(search, candidates.get(handed), statistics, pending, sink);
          handed++;
        }
        statistics[c] = search.perturb(vectors.get(slot), candidate);
        SequenceModel replica = models.get(slot);
        ParameterVector parameters = vectors.get(slot);
        pending.add(workers.get(slot).submit(() -> search.score(replica, parameters)));
      }
      for (; handed < candidates.size(); handed++) {
        handOver(search, candidates.get(handed), statistics, pending, sink);
      }
    } catch (RuntimeException | Error e) {
      awaitQuietly(pending);
      throw e;
    }
  }

  private void handOver(
      CandidateSearch search,
      Candidate candidate,
      CandidateStatistics[] statistics,
      List<Future<CandidateSearch.Score>> pending,
      Sink sink) {
    int c = candidate.index();
    CandidateSearch.Score score = search.await(pending.get(c));
    sink.accept(
        new EvaluatedCandidate(candidate, statistics[c], score.loss(), score.decodedTokens()),
        new Held(vectors.get(c % vectors.size()), search.theta()));
  }

  /** Waits for every submitted evaluation to end, so no worker still uses a replica; ignores their errors. */
  private static void awaitQuietly(List<? extends Future<?>> pending) {
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (ExecutionException | CancellationException e) {
        // the first failure is the one reported
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
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
