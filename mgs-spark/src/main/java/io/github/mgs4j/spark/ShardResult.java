package io.github.mgs4j.spark;

import java.io.Serializable;

/**
 * What one barrier task returns to the driver.
 *
 * @param partition its shard p
 * @param status whether its replica evaluated the step, and if not why
 * @param replicaNextStep the step its replica stands before (it holds θ of that step)
 * @param losses its shard's losses (null unless evaluated)
 * @param statistics candidate k's statistics as its replica drew them (null unless evaluated)
 */
record ShardResult(
    int partition, Status status, long replicaNextStep, ShardLosses losses, WireStatistics[] statistics)
    implements Serializable {

  /** A replica's state at the start of a step. */
  enum Status {
    /** Holds θ of the step: evaluates it. */
    READY,
    /** Already applied the step (a retried stage) and kept every shard's losses: sends them again. */
    DONE,
    /** Stands before an earlier step: needs the steps since from the driver's log. */
    BEHIND,
    /** Its parameters differ from the driver's: it was dropped, and a new replica catches up. */
    DRIFTED;

    boolean evaluates() {
      return this == READY || this == DONE;
    }
  }
}
