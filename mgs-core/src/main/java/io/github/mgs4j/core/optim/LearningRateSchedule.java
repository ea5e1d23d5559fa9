package io.github.mgs4j.core.optim;

import java.util.Locale;

/**
 * A learning-rate multiplier per update: linear warm-up from {@code 1/warmup} to 1 over the first
 * {@code warmup} updates, then a decay to {@code floor} at update {@code total} (cosine or linear), held
 * there afterwards. {@link #constant()} is 1 throughout (the authors' MGS fine-tuning).
 *
 * <p>The multiplier depends only on the optimizer's own update count, which its checkpointed state holds,
 * so a resumed run continues the schedule exactly.
 *
 * @param shape the decay after the warm-up
 * @param warmup updates of linear warm-up (0 = none)
 * @param total the update at which the decay reaches {@code floor} (ignored for {@link Shape#CONSTANT})
 * @param floor the final multiplier, in [0, 1]
 */
public record LearningRateSchedule(Shape shape, long warmup, long total, double floor) {

  /** How the multiplier falls after the warm-up. */
  public enum Shape {
    /** No decay. */
    CONSTANT,
    /** Linear from 1 to the floor. */
    LINEAR,
    /** Half a cosine period from 1 to the floor. */
    COSINE
  }

  /**
   * Validates the schedule.
   *
   * @throws IllegalArgumentException for a negative warm-up, a floor outside [0, 1], or a decaying schedule
   *     whose total does not exceed its warm-up
   */
  public LearningRateSchedule {
    if (shape == null) {
      throw new IllegalArgumentException("schedule shape must not be null");
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("warm-up must be >= 0 updates, got " + warmup);
    }
    if (!(floor >= 0 && floor <= 1)) {
      throw new IllegalArgumentException("schedule floor must lie in [0, 1], got " + floor);
    }
    if (shape != Shape.CONSTANT && total <= warmup) {
      throw new IllegalArgumentException(
          "a decaying schedule needs total updates > warm-up, got total " + total + ", warm-up " + warmup);
    }
  }

  /** The multiplier 1 at every update. */
  public static LearningRateSchedule constant() {
    return new LearningRateSchedule(Shape.CONSTANT, 0, 0, 1);
  }

  /** Warm-up over {@code warmup} updates, then cosine decay to {@code floor} at update {@code total}. */
  public static LearningRateSchedule cosine(long warmup, long total, double floor) {
    return new LearningRateSchedule(Shape.COSINE, warmup, total, floor);
  }

  /** Warm-up over {@code warmup} updates, then linear decay to {@code floor} at update {@code total}. */
  public static LearningRateSchedule linear(long warmup, long total, double floor) {
    return new LearningRateSchedule(Shape.LINEAR, warmup, total, floor);
  }

  /**
   * The multiplier of the {@code update}-th update (1-based).
   *
   * @param update the update number, at least 1
   */
  public double factor(long update) {
    if (update < 1) {
      throw new IllegalArgumentException("updates count from 1, got " + update);
    }
    if (update <= warmup) {
      return (double) update / warmup;
    }
    if (shape == Shape.CONSTANT) {
      return 1;
    }
    double progress = Math.min(1.0, (double) (update - warmup) / (total - warmup));
    double decay = shape == Shape.COSINE ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
    return floor + (1 - floor) * decay;
  }

  /** A short description, e.g. {@code cosine(warmup=200,total=4000,floor=0.1)} or {@code constant}. */
  public String describe() {
    if (shape == Shape.CONSTANT) {
      return warmup == 0 ? "constant" : "constant(warmup=" + warmup + ")";
    }
    return String.format(
        Locale.ROOT, "%s(warmup=%d,total=%d,floor=%s)", shape.name().toLowerCase(Locale.ROOT), warmup, total, floor);
  }
}
