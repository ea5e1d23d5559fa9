package io.github.mgs4j.spark;

import io.github.mgs4j.core.model.Batch;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * One step as the driver sends it to each of the W barrier tasks: the step index, the batch, the candidates'
 * seeds and components, the row shards, and on demand the expected parameter checksum and the log of the steps
 * a replica missed. Nothing in it grows with the model.
 */
final class StepTask extends AbstractFunction1<Iterator<Integer>, Iterator<ShardResult>> implements Serializable {
  private static final long serialVersionUID = 1L;

  final String runId;
  final Broadcast<ReplicaSetup> setup;
  final String checkpointDirectory;
  final long step;
  final int[][] contexts;
  final int[][] targets;
  final long[] seeds;
  final boolean[] fromMle;
  final RowShards shards;
  /** θ's checksum on the driver, when the replicas must prove they hold it; else null. */
  final String expectedChecksum;
  /** The committed steps a replica behind may replay, in order; empty unless one was behind. */
  final List<StepRecord> log;

  StepTask(
      String runId,
      Broadcast<ReplicaSetup> setup,
      String checkpointDirectory,
      long step,
      Batch batch,
      long[] seeds,
      boolean[] fromMle,
      RowShards shards,
      String expectedChecksum,
      List<StepRecord> log) {
    this.runId = runId;
    this.setup = setup;
    this.checkpointDirectory = checkpointDirectory;
    this.step = step;
    this.contexts = batch.contexts();
    this.targets = batch.targets();
    this.seeds = seeds;
    this.fromMle = fromMle;
    this.shards = shards;
    this.expectedChecksum = expectedChecksum;
    this.log = List.copyOf(log);
  }

  Batch batch() {
    return new Batch(contexts, targets);
  }

  /** Runs on the executor: the partition's one element is its shard index. */
  @Override
  public Iterator<ShardResult> apply(Iterator<Integer> partition) {
    int p = partition.next();
    ShardResult result = Worker.run(this, p, BarrierTaskContext.get());
    return CollectionConverters.asScala(List.of(result).iterator());
  }
}
