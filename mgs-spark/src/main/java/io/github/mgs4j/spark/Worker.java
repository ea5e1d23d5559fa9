package io.github.mgs4j.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.github.mgs4j.core.loss.NonFiniteLossException;
import io.github.mgs4j.spark.ShardResult.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.spark.BarrierTaskContext;

/**
 * The executor side of a step: one barrier task per shard. A JVM holds one {@link Replica} per run whatever
 * number of tasks it runs (its shards are decoded together, by the task of the lowest shard, the leader), so
 * replicas in one JVM never race for the engine's global random generator and memory holds one model per
 * executor.
 *
 * <p>Each task: (1) brings the JVM's replica to the step if the driver sent the steps it missed, and checks θ
 * against the driver's checksum when asked; (2) {@code allGather}s every task's state, so all decide alike: if
 * any replica cannot evaluate the step, every task returns its state and the driver retries with what is
 * missing; (3) else the leader runs the replica's step and each task exchanges its shard's losses through a
 * second {@code allGather}; every replica then finishes the same step with the same losses. A retried stage
 * whose replica already applied the step sends the same losses again from what it kept.
 */
final class Worker {
  /** This JVM, as the tasks tell each other apart. */
  private static final String JVM = UUID.randomUUID().toString();
  private static final Map<String, Slot> SLOTS = new ConcurrentHashMap<>();

  private Worker() {}

  static ShardResult run(StepTask task, int partition, BarrierTaskContext context) {
    // PyTorch's autograd mode is per thread and on in a new one; a replica records only inside its MLE pass,
    // as the driver's thread does (else it would record every decode, and refuse to load a checkpoint in place).
    boolean pytorch = "PyTorch".equals(Engine.getInstance().getEngineName());
    boolean recording = pytorch && JniUtils.isGradMode();
    if (recording) {
      JniUtils.setGradMode(false);
    }
    try {
      return runTask(task, partition, context);
    } finally {
      if (recording) {
        JniUtils.setGradMode(true);
      }
    }
  }

  private static ShardResult runTask(StepTask task, int partition, BarrierTaskContext context) {
    Slot slot = SLOTS.computeIfAbsent(task.runId, id -> new Slot());
    Prepared prepared = slot.prepare(task);
    String[] states = PromptBarrier.allGather(context, JVM + " " + prepared.status() + " " + prepared.nextStep());
    List<Integer> local = new ArrayList<>();
    boolean all = true;
    for (int p = 0; p < states.length; p++) {
      String[] fields = states[p].split(" ");
      all &= Status.valueOf(fields[1]).evaluates();
      if (fields[0].equals(JVM)) {
        local.add(p);
      }
    }
    if (!all) {
      return new ShardResult(partition, prepared.status(), prepared.nextStep(), null, null);
    }
    if (prepared.status() == Status.DONE) {
      WorkerEvaluator.Gathered done = prepared.done();
      PromptBarrier.allGather(context, done.shards().get(partition).encode());
      return new ShardResult(partition, Status.DONE, prepared.nextStep(), done.shards().get(partition),
          done.statistics());
    }
    CompletableFuture<WorkerEvaluator.Gathered> published =
        slot.exchange(context.stageId() + "/" + context.stageAttemptNumber());
    if (local.get(0) == partition) {
      try {
        slot.run(task, local, published::complete, message -> PromptBarrier.allGather(context, message));
      } catch (NonFiniteLossException e) {
        // The replica stays at θ; the driver pools the same losses and reports it.
      } finally {
        published.completeExceptionally(new IllegalStateException("the leader task failed before its decode"));
      }
    }
    WorkerEvaluator.Gathered mine = await(published);
    ShardLosses losses = mine.shards().stream().filter(s -> s.partition() == partition).findFirst().orElseThrow();
    if (local.get(0) != partition) {
      PromptBarrier.allGather(context, losses.encode());
    }
    return new ShardResult(partition, Status.READY, prepared.nextStep(), losses, mine.statistics());
  }

  /** Drops this JVM's replica of a run (when its evaluator closes). */
  static void release(String runId) {
    Slot slot = SLOTS.remove(runId);
    if (slot != null) {
      slot.close();
    }
  }

  private static WorkerEvaluator.Gathered await(CompletableFuture<WorkerEvaluator.Gathered> published) {
    try {
      return published.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("this JVM's shards were not decoded", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the shards were decoded", e);
    }
  }

  private record Prepared(Status status, long nextStep, WorkerEvaluator.Gathered done) {}

  /** One run's replica in this JVM, and the hand-over of its decoded shards to the JVM's other tasks. */
  private static final class Slot {
    private Replica replica;
    private final Map<String, CompletableFuture<WorkerEvaluator.Gathered>> exchanges = new ConcurrentHashMap<>();

    synchronized Prepared prepare(StepTask task) {
      if (replica == null) {
        replica = Replica.create(task.setup.value(), task.checkpointDirectory, task.step);
      }
      WorkerEvaluator.Gathered done = replica.done(task.step);
      if (done != null) {
        return new Prepared(Status.DONE, replica.nextStep(), done);
      }
      if (replica.nextStep() > task.step) {
        // Ahead without the step's losses: only a fresh replica can join.
        replica.close();
        replica = Replica.create(task.setup.value(), task.checkpointDirectory, task.step);
      }
      for (StepRecord record : task.log) {
        if (record.step() == replica.nextStep() && record.step() < task.step) {
          replica.replay(record);
        }
      }
      if (replica.nextStep() < task.step) {
        return new Prepared(Status.BEHIND, replica.nextStep(), null);
      }
      if (task.expectedChecksum != null && !task.expectedChecksum.equals(replica.checksum())) {
        long at = replica.nextStep();
        replica.close();
        replica = null;
        return new Prepared(Status.DRIFTED, at, null);
      }
      return new Prepared(Status.READY, replica.nextStep(), null);
    }

    synchronized void run(
        StepTask task,
        List<Integer> local,
        java.util.function.Consumer<WorkerEvaluator.Gathered> publish,
        java.util.function.Function<String, String[]> exchange) {
      replica.run(task, local, publish, exchange);
    }

    /** The hand-over of one stage attempt (ids are unique within the application); older ones are dropped. */
    CompletableFuture<WorkerEvaluator.Gathered> exchange(String stageAttempt) {
      exchanges.keySet().removeIf(k -> !k.equals(stageAttempt));
      return exchanges.computeIfAbsent(stageAttempt, k -> new CompletableFuture<>());
    }

    synchronized void close() {
      if (replica != null) {
        replica.close();
        replica = null;
      }
    }
  }
}
