package io.github.mgs4j.spark;

import io.github.mgs4j.core.checkpoint.CheckpointStore;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.search.Candidate;
import io.github.mgs4j.core.search.CandidateEvaluator;
import io.github.mgs4j.core.search.CandidateSearch;
import io.github.mgs4j.core.search.EvaluatedCandidate;
import io.github.mgs4j.spark.ShardResult.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag$;

/**
 * The driver's side of {@link SparkEvaluator}: one barrier stage per step, its results pooled into the losses
 * the step's sink receives, and the record of committed steps from which a replica that missed some catches up.
 */
final class SparkCandidateEvaluator implements CandidateEvaluator {
  /** Stages per step before giving up: one, and a retry for each reason a replica may not be ready. */
  private static final int MAX_STAGES = 4;

  private final SparkEvaluator factory;
  private final JavaSparkContext spark;
  private final Broadcast<ReplicaSetup> setup;
  private final TrainableParameters parameters;
  private final String runId = UUID.randomUUID().toString();
  private final ExecutorService stages = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "mgs-spark-stage");
    t.setDaemon(true);
    return t;
  });
  /** Committed steps, in order, from the first this evaluator ran (or the latest checkpoint) on. */
  private final List<StepRecord> log = new ArrayList<>();
  private long firstStep = -1;
  private boolean verifyNext = true;

  SparkCandidateEvaluator(
      SparkEvaluator factory, JavaSparkContext spark, ReplicaSetup setup, TrainableParameters parameters) {
    this.factory = factory;
    this.spark = spark;
    this.setup = spark.broadcast(setup);
    this.parameters = parameters;
  }

  @Override
  public boolean holdsCandidates() {
    return false;
  }

  @Override
  public void evaluate(CandidateSearch search, List<Candidate> candidates, Sink sink) {
    long step = search.step();
    Batch batch = search.batch();
    if (firstStep < 0) {
      firstStep = step;
    }
    log.removeIf(r -> r.step() >= step);
    trimToLatestCheckpoint();
    long[] seeds = new long[candidates.size()];
    boolean[] fromMle = new boolean[candidates.size()];
    for (Candidate c : candidates) {
      seeds[c.index()] = c.seed();
      fromMle[c.index()] = c.fromMle();
    }
    RowShards shards = RowShards.even(batch.size(), factory.workers());
    boolean verify = verifyNext || (step - firstStep) % factory.checksumEvery() == 0;
    List<StepRecord> replay = List.of();
    ShardResult[] results = null;
    StepTraffic traffic = new StepTraffic(1, 0, 0, 0, 0);
    for (int stage = 1; results == null; stage++) {
      StepTask task = new StepTask(runId, setup, factory.checkpointDirectory(), step, batch, seeds, fromMle, shards,
          verify ? ParameterChecksum.of(search.theta().arrays()) : null, replay);
      ShardResult[] attempt = search.await(CompletableFuture.supplyAsync(() -> runStage(task), stages));
      traffic = traffic.plus(traffic(task, attempt));
      if (Arrays.stream(attempt).allMatch(r -> r.status().evaluates())) {
        results = attempt;
      } else if (stage == MAX_STAGES) {
        throw new IllegalStateException("step " + step + ": the workers' replicas could not be brought to the "
            + "driver's parameters in " + MAX_STAGES + " stages: " + describe(attempt)
            + " (do the driver and the ReplicaSetup build the same model, config, task loss and seed?)");
      } else {
        replay = catchUp(step, attempt);
        verify = true;
      }
    }
    factory.record(traffic);
    Arrays.sort(results, Comparator.comparingInt(ShardResult::partition));
    WireStatistics[] statistics = results[0].statistics();
    verifyNext = !Arrays.stream(results).allMatch(r -> sameStatistics(statistics, r.statistics()));
    List<ShardLosses> losses = Arrays.stream(results).map(ShardResult::losses).toList();
    List<EvaluatedCandidate> evaluated = new ArrayList<>();
    for (Candidate c : candidates) {
      int k = c.index();
      EvaluatedCandidate e = new EvaluatedCandidate(c, statistics[k].toCore(),
          PooledLoss.of(batch, losses, k, "the task loss"), PooledLoss.tokens(losses, k));
      evaluated.add(e);
      sink.accept(e, null);
    }
    log.add(StepRecord.of(step, batch, evaluated));
  }

  /** The recorded steps that the replicas behind need, or an error naming what cannot be replayed. */
  private List<StepRecord> catchUp(long step, ShardResult[] attempt) {
    long from = step;
    for (ShardResult r : attempt) {
      if (r.status() == Status.BEHIND) {
        from = Math.min(from, r.replicaNextStep());
      } else if (r.status() == Status.DRIFTED) {
        from = log.isEmpty() ? step : Math.min(from, log.get(0).step());
      }
    }
    long start = from;
    if (from < step && (log.isEmpty() || log.get(0).step() > from)) {
      throw new IllegalStateException("step " + step + ": a worker's replica stands before step " + from
          + " but the driver's record of steps starts at " + (log.isEmpty() ? step : log.get(0).step())
          + "; give SparkEvaluator the run's checkpoint directory (readable by the workers) so that new "
          + "replicas start from the latest checkpoint");
    }
    return log.stream().filter(r -> r.step() >= start).toList();
  }

  private void trimToLatestCheckpoint() {
    String directory = factory.checkpointDirectory();
    if (directory == null) {
      return;
    }
    try {
      Optional<Path> latest = new CheckpointStore(Path.of(directory), 1).latest();
      if (latest.isPresent()) {
        String name = latest.get().getFileName().toString();
        long next = Long.parseLong(name.substring(name.lastIndexOf('-') + 1));
        log.removeIf(r -> r.step() < next);
      }
    } catch (IOException | RuntimeException e) {
      // Keep the whole record: it is only longer than needed.
    }
  }

  /**
   * Runs the step's barrier stage. Its results pass through a shuffle, so the barrier stage is a map stage, the
   * kind Spark retries as a whole when a task fails (a failed barrier result stage is not retried).
   */
  private ShardResult[] runStage(StepTask task) {
    int workers = task.shards.count();
    JavaRDD<Integer> shards = spark.parallelize(IntStream.range(0, workers).boxed().toList(), workers);
    RDD<ShardResult> results =
        shards.rdd().barrier().mapPartitions(task, false, ClassTag$.MODULE$.apply(ShardResult.class));
    return results.toJavaRDD().repartition(1).collect().toArray(ShardResult[]::new);
  }

  private static boolean sameStatistics(WireStatistics[] a, WireStatistics[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int k = 0; k < a.length; k++) {
      if (!a[k].sameAs(b[k])) {
        return false;
      }
    }
    return true;
  }

  private static String describe(ShardResult[] results) {
    StringBuilder s = new StringBuilder();
    for (ShardResult r : results) {
      s.append(s.length() == 0 ? "" : ", ").append("worker ").append(r.partition()).append(' ')
          .append(r.status()).append(" at step ").append(r.replicaNextStep());
    }
    return s.toString();
  }

  /** The stage's payload: the task to each worker, the results back, the exchange of losses among workers. */
  private static StepTraffic traffic(StepTask task, ShardResult[] results) {
    int workers = results.length;
    long toDriver = 0;
    long messages = 0;
    for (ShardResult r : results) {
      toDriver += serialisedSize(r);
      if (r.losses() != null) {
        messages += r.losses().encode().length();
      }
    }
    return new StepTraffic(0, 1, workers * serialisedSize(task), toDriver, messages * (1 + workers));
  }

  private static long serialisedSize(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.size();
  }

  /** Drops the replicas the workers hold for this run, stops the stage thread and the setup's broadcast. */
  @Override
  public void close() {
    stages.shutdownNow();
    String id = runId;
    int workers = factory.workers();
    try {
      spark.parallelize(IntStream.range(0, workers).boxed().toList(), workers)
          .foreachPartition(p -> Worker.release(id));
    } catch (RuntimeException e) {
      // Best effort: executors that are gone hold nothing.
    }
    setup.destroy();
  }
}
