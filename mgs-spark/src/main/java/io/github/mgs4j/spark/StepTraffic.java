package io.github.mgs4j.spark;

/**
 * The bytes a step's candidates cost on the wire, counted as the application's payload (Java-serialised
 * messages; Spark's own scheduling and framing come on top): the step sent to each worker, the results back to
 * the driver, and the losses every worker exchanges with every other through the barrier coordinator.
 *
 * @param steps steps evaluated
 * @param stages barrier stages run (more than steps when replicas had to catch up)
 * @param toWorkers bytes of the step tasks, W per stage
 * @param toDriver bytes of the tasks' results
 * @param exchanged bytes of the {@code allGather} messages: each worker's message to the coordinator, and every
 *     message to every worker
 */
public record StepTraffic(long steps, long stages, long toWorkers, long toDriver, long exchanged) {

  /** No traffic. */
  public static final StepTraffic NONE = new StepTraffic(0, 0, 0, 0, 0);

  /** All bytes. */
  public long total() {
    return toWorkers + toDriver + exchanged;
  }

  /** Mean bytes per step. */
  public double perStep() {
    return steps == 0 ? 0 : (double) total() / steps;
  }

  StepTraffic plus(StepTraffic o) {
    return new StepTraffic(steps + o.steps, stages + o.stages, toWorkers + o.toWorkers, toDriver + o.toDriver,
        exchanged + o.exchanged);
  }
}
