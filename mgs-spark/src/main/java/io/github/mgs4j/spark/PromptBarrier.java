package io.github.mgs4j.spark;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.BarrierTaskContext;

/**
 * {@link BarrierTaskContext#allGather} without its polling delay. A task waiting in a barrier sleeps a second
 * at a time between looks at the coordinator's reply (Spark wakes it only to check for a kill), so each exchange
 * would cost up to a second whatever the work. Here a ticker interrupts the waiting thread every few
 * milliseconds, which Spark takes as a wake-up without a kill, so the reply is seen at once; the interrupt flag
 * is cleared before the call returns, so nothing after it sees an interrupt that was not meant for it.
 */
final class PromptBarrier {
  private static final long TICK_MICROS = 2_000;
  private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "mgs-spark-barrier-ticker");
    t.setDaemon(true);
    return t;
  });

  private PromptBarrier() {}

  /**
   * Sends {@code message} and returns every task's, in partition order.
   *
   * @param context the task's barrier context
   * @param message this task's message
   * @return every task's message
   */
  static String[] allGather(BarrierTaskContext context, String message) {
    Thread waiting = Thread.currentThread();
    Object lock = new Object();
    boolean[] active = {true};
    ScheduledFuture<?> ticks = TICKER.scheduleAtFixedRate(() -> {
      synchronized (lock) {
        if (active[0]) {
          waiting.interrupt();
        }
      }
    }, TICK_MICROS, TICK_MICROS, TimeUnit.MICROSECONDS);
    try {
      return context.allGather(message);
    } finally {
      synchronized (lock) {
        active[0] = false;
      }
      ticks.cancel(false);
      Thread.interrupted();
    }
  }
}
