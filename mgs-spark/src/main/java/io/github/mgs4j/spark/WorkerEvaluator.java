package io.github.mgs4j.spark;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.Candidate;
import io.github.mgs4j.core.search.CandidateEvaluator;
import io.github.mgs4j.core.search.CandidateSearch;
import io.github.mgs4j.core.search.CandidateStatistics;
import io.github.mgs4j.core.search.EvaluatedCandidate;
import io.github.mgs4j.core.search.MgsConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The evaluator of a worker's replica step: what its {@link io.github.mgs4j.core.search.MgsStep} sees in place
 * of the driver's. Before each step the replica tells it what to do:
 *
 * <ul>
 *   <li>{@link #shard}: draw each candidate into the replica's θ (in place, restored from a snapshot), decode the
 *       rows of this JVM's shards, publish them, exchange them with every other worker, and hand the step the
 *       losses pooled over the whole batch;
 *   <li>{@link #replay}: hand the step the losses and statistics the driver recorded for a step this replica
 *       missed, decoding nothing.
 * </ul>
 *
 * Either way the candidates the step drew from its own seeds must be the driver's, or it refuses.
 */
final class WorkerEvaluator implements CandidateEvaluator {
  private final SequenceModel model;
  private final TaskLoss taskLoss;
  private final MgsConfig config;
  private Plan plan;
  private Gathered gathered;

  WorkerEvaluator(SequenceModel model, TaskLoss taskLoss, MgsConfig config) {
    this.model = model;
    this.taskLoss = taskLoss;
    this.config = config;
  }

  /** Every shard's losses and the statistics of a step this replica evaluated. */
  record Gathered(long step, List<ShardLosses> shards, WireStatistics[] statistics) {}

  private sealed interface Plan permits ShardPlan, ReplayPlan {}

  private record ShardPlan(
      StepTask task, List<Integer> local, Consumer<Gathered> publish, Function<String, String[]> exchange)
      implements Plan {}

  private record ReplayPlan(StepRecord record) implements Plan {}

  /**
   * The next step evaluates this JVM's shards.
   *
   * @param task the step as the driver sent it
   * @param local the shards this JVM decodes, in order (the first is the one that exchanges through this step)
   * @param publish receives this JVM's shards once decoded, before the exchange (the other local tasks send
   *     theirs)
   * @param exchange sends the first local shard's message and returns every worker's, in shard order
   */
  void shard(StepTask task, List<Integer> local, Consumer<Gathered> publish, Function<String, String[]> exchange) {
    plan = new ShardPlan(task, List.copyOf(local), publish, exchange);
  }

  /** The next step replays a recorded one. */
  void replay(StepRecord record) {
    plan = new ReplayPlan(record);
  }

  /** What the last sharded step gathered (null before). */
  Gathered gathered() {
    return gathered;
  }

  @Override
  public boolean holdsCandidates() {
    return false;
  }

  @Override
  public void evaluate(CandidateSearch search, List<Candidate> candidates, Sink sink) {
    Plan next = Objects.requireNonNull(plan, "a replica step runs only as the driver's step or a replay");
    plan = null;
    if (next instanceof ReplayPlan r) {
      StepRecord record = r.record();
      requireDriverCandidates(candidates, record.seeds(), record.fromMle(), search.step());
      for (Candidate c : candidates) {
        int k = c.index();
        sink.accept(new EvaluatedCandidate(
            c, record.statistics()[k].toCore(), record.losses()[k], record.tokens()[k]), null);
      }
    } else {
      evaluateShards(search, candidates, (ShardPlan) next, sink);
    }
  }

  private void evaluateShards(CandidateSearch search, List<Candidate> candidates, ShardPlan plan, Sink sink) {
    StepTask task = plan.task();
    requireDriverCandidates(candidates, task.seeds, task.fromMle, search.step());
    RowShards shards = task.shards;
    Batch local = localRows(search.batch(), shards, plan.local());
    int maxNewTokens = config.decodeLength().maxNewTokens(search.batch());
    int k = candidates.size();
    double[][] losses = new double[k][];
    long[][] tokens = new long[k][plan.local().size()];
    WireStatistics[] statistics = new WireStatistics[k];
    ParameterVector live = search.theta();
    try (ParameterVector snapshot = ParameterVector.zerosLike(live, live.manager())) {
      search.arithmetic().copy(snapshot, live);
      try {
        for (Candidate c : candidates) {
          CandidateStatistics drawn = search.perturb(live, c);
          statistics[c.index()] = WireStatistics.of(drawn);
          losses[c.index()] = decodeAndScore(local, maxNewTokens, live, tokens[c.index()], shards, plan.local());
          search.arithmetic().copy(live, snapshot);
        }
      } catch (RuntimeException | Error e) {
        search.arithmetic().copy(live, snapshot);
        throw e;
      }
    }
    Map<Integer, ShardLosses> mine = split(losses, tokens, shards, plan.local());
    plan.publish().accept(new Gathered(search.step(), List.copyOf(mine.values()), statistics));
    List<ShardLosses> all = new ArrayList<>();
    for (String message : plan.exchange().apply(mine.get(plan.local().get(0)).encode())) {
      all.add(ShardLosses.decode(message));
    }
    all.sort(Comparator.comparingInt(ShardLosses::partition));
    for (int p = 0; p < all.size(); p++) {
      if (all.get(p).partition() != p) {
        throw new IllegalStateException("step " + search.step() + ": shard " + p + " is missing from the exchange");
      }
    }
    gathered = new Gathered(search.step(), List.copyOf(all), statistics);
    for (Candidate c : candidates) {
      int i = c.index();
      double pooled = PooledLoss.of(search.batch(), all, i, taskLoss.name());
      sink.accept(new EvaluatedCandidate(c, statistics[i].toCore(), pooled, PooledLoss.tokens(all, i)), null);
    }
  }

  /** Decodes the local rows with θ + Δ_k, returns their losses and adds each shard's tokens into {@code tokens}. */
  private double[] decodeAndScore(
      Batch local, int maxNewTokens, ParameterVector live, long[] tokens, RowShards shards, List<Integer> parts) {
    if (local == null) {
      return new double[0];
    }
    try (NDManager scope = live.manager().newSubManager()) {
      DecodedBatch decoded = config.decoder().decode(model, local.contexts(), maxNewTokens, scope);
      double[] rows = taskLoss.perSequence(local, decoded);
      if (rows.length != local.size()) {
        throw new IllegalStateException(
            taskLoss.name() + " returned " + rows.length + " losses for " + local.size() + " examples");
      }
      int at = 0;
      for (int q = 0; q < parts.size(); q++) {
        int p = parts.get(q);
        for (int i = shards.from(p); i < shards.to(p); i++, at++) {
          tokens[q] += decoded.tokens(at).length;
        }
      }
      return rows;
    }
  }

  /** The rows of the local shards, in shard order; null if they hold none. */
  private static Batch localRows(Batch batch, RowShards shards, List<Integer> local) {
    int[][] contexts = batch.contexts();
    int[][] targets = batch.targets();
    List<int[]> c = new ArrayList<>();
    List<int[]> t = new ArrayList<>();
    for (int p : local) {
      for (int i = shards.from(p); i < shards.to(p); i++) {
        c.add(contexts[i]);
        t.add(targets[i]);
      }
    }
    return c.isEmpty() ? null : new Batch(c.toArray(int[][]::new), t.toArray(int[][]::new));
  }

  private static Map<Integer, ShardLosses> split(
      double[][] losses, long[][] tokens, RowShards shards, List<Integer> local) {
    Map<Integer, ShardLosses> out = new LinkedHashMap<>();
    int at = 0;
    for (int q = 0; q < local.size(); q++) {
      int p = local.get(q);
      int size = shards.to(p) - shards.from(p);
      double[][] part = new double[losses.length][];
      long[] partTokens = new long[losses.length];
      for (int k = 0; k < losses.length; k++) {
        part[k] = Arrays.copyOfRange(losses[k], at, at + size);
        partTokens[k] = tokens[k][q];
      }
      out.put(p, new ShardLosses(p, part, partTokens));
      at += size;
    }
    return out;
  }

  private static void requireDriverCandidates(
      List<Candidate> drawn, long[] seeds, boolean[] fromMle, long step) {
    boolean same = drawn.size() == seeds.length;
    for (int c = 0; same && c < seeds.length; c++) {
      same = drawn.get(c).seed() == seeds[c] && drawn.get(c).fromMle() == fromMle[c];
    }
    if (!same) {
      throw new IllegalStateException("step " + step + ": the worker drew other candidates than the driver "
          + "(ReplicaSetup.seed() and config() must be the driver's TrainerConfig seed and MgsConfig)");
    }
  }
}
