package io.github.mgs4j.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed team of threads that runs a task over the blocks of a large array pass (a candidate's noise, an
 * optimizer update), each participant with its own scratch arrays. The calling thread is one of the team, so
 * {@code threads = 1} runs everything on it.
 *
 * <p>Blocks are handed out in index order to whichever participant is free, so a task must write only to
 * its own block's slots (per-block results go into arrays indexed by block and are combined afterwards, in
 * block order, which keeps the result independent of the thread count). Standard normals are drawn at the
 * speed of one core per participant, which is what bounds a candidate's perturbation on CPU: a team as large
 * as the machine divides that time.
 *
 * <p>One {@link #forEach} at a time: calls from several threads wait for each other.
 */
public final class BlockWorkers implements AutoCloseable {
  private final int threads;
  private final ExecutorService helpers;
  private final Scratch[] scratch;
  private final boolean shared;
  private boolean closed;

  /**
   * Creates a team.
   *
   * @param threads the participants, ≥ 1, the calling thread included
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public BlockWorkers(int threads) {
    this(threads, false);
  }

  private BlockWorkers(int threads, boolean shared) {
    this.shared = shared;
    if (threads < 1) {
      throw new IllegalArgumentException("a block team needs at least one thread, got " + threads);
    }
    this.threads = threads;
    this.helpers =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "mgs4j-block-worker");
                  t.setDaemon(true);
                  return t;
                });
    this.scratch = new Scratch[threads];
    for (int i = 0; i < threads; i++) {
      scratch[i] = new Scratch();
    }
  }

  /**
   * The process-wide team of one participant per processor, created on first use and never closed (its
   * helpers are daemon threads that idle between calls), for code that has no lifecycle of its own to close
   * a team with (a step's arithmetic, an optimizer).
   */
  public static BlockWorkers shared() {
    return Shared.TEAM;
  }

  /** Holds the shared team: created when first asked for. */
  private static final class Shared {
    static final BlockWorkers TEAM = new BlockWorkers(Runtime.getRuntime().availableProcessors(), true);
  }

  /**
   * Runs {@code task} once for every index in {@code [0, count)}, spread over the team, and returns when all
   * have run. The first failure is rethrown (unchecked exceptions and errors as they are) after every
   * participant has stopped; the remaining indices are then skipped.
   *
   * @param count the number of blocks, ≥ 0
   * @param task the work for one block
   */
  public synchronized void forEach(int count, BlockTask task) {
    if (closed) {
      throw new IllegalStateException("the block workers are closed");
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    int helpersUsed = Math.min(threads - 1, Math.max(0, count - 1));
    List<Future<?>> running = new ArrayList<>(helpersUsed);
    for (int h = 0; h < helpersUsed; h++) {
      Scratch own = scratch[h + 1];
      running.add(helpers.submit(() -> work(count, task, own, next, failed)));
    }
    Throwable first = null;
    try {
      work(count, task, scratch[0], next, failed);
    } catch (RuntimeException | Error e) {
      first = e;
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        first = first == null ? e.getCause() : first;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        first = first == null ? new IllegalStateException("interrupted while waiting for a block", e) : first;
      }
    }
    if (first instanceof RuntimeException r) {
      throw r;
    }
    if (first instanceof Error err) {
      throw err;
    }
    if (first != null) {
      throw new IllegalStateException("a block task failed", first);
    }
  }

  private static void work(int count, BlockTask task, Scratch own, AtomicInteger next, AtomicInteger failed) {
    try {
      for (int i = next.getAndIncrement(); i < count && failed.get() == 0; i = next.getAndIncrement()) {
        task.run(i, own);
      }
    } catch (RuntimeException | Error e) {
      failed.incrementAndGet();
      throw e;
    }
  }

  /** Stops the helper threads (after the running {@link #forEach}, if any); the {@link #shared()} team stays. */
  @Override
  public void close() {
    if (shared) {
      return;
    }
    closed = true;
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }

  /** The work for one block. */
  @FunctionalInterface
  public interface BlockTask {
    /**
     * Processes one block.
     *
     * @param index the block's index
     * @param scratch the running participant's arrays (not shared with any other participant)
     */
    void run(int index, Scratch scratch);
  }

  /** A participant's reusable float arrays, one per slot, grown on demand. */
  public static final class Scratch {
    private final float[][] slots = new float[4][0];

    private Scratch() {}

    /**
     * The array of a slot, with room for at least {@code size} values (its contents are whatever was left
     * there).
     *
     * @param slot 0 to 3
     * @param size the values needed
     * @return the slot's array
     */
    public float[] floats(int slot, int size) {
      if (slots[slot].length < size) {
        slots[slot] = new float[size];
      }
      return slots[slot];
    }
  }
}
