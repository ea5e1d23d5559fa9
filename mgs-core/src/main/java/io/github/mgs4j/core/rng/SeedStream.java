package io.github.mgs4j.core.rng;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Reproducible, independent random streams derived from one master seed, in the manner of Tribuo: every
 * consumer asks for the stream of a named purpose at a given step (and index), so the randomness of step s
 * does not depend on what happened before it. This is what makes a resumed run bit-identical to an
 * uninterrupted one without saving any generator state.
 */
public final class SeedStream {
  private final long masterSeed;

  /**
   * Creates the stream family.
   *
   * @param masterSeed the run's seed
   */
  public SeedStream(long masterSeed) {
    this.masterSeed = masterSeed;
  }

  /** The master seed. */
  public long masterSeed() {
    return masterSeed;
  }

  /**
   * A 64-bit seed for a purpose and indices (SplitMix64 mixing of the master seed, the purpose's bytes and
   * the indices).
   */
  public long seed(String purpose, long... indices) {
    long h = mix(masterSeed ^ 0x9E3779B97F4A7C15L);
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ b);
    }
    return derive(h, indices);
  }

  /**
   * A seed derived from another seed and indices (SplitMix64 mixing), for streams keyed by position, such as
   * one noise stream per (candidate, tensor, block).
   *
   * @param seed the parent seed
   * @param indices the positions
   * @return the derived seed
   */
  public static long derive(long seed, long... indices) {
    long h = seed;
    for (long i : indices) {
      h = mix(h ^ mix(i + 0x632BE59BD9B4E019L));
    }
    return h;
  }

  /** A 31-bit non-negative seed for engines that take an {@code int} (e.g. torch's global generator). */
  public int intSeed(String purpose, long... indices) {
    return (int) (seed(purpose, indices) >>> 33);
  }

  /** A Java random stream for a purpose and indices. */
  public SplittableRandom random(String purpose, long... indices) {
    return new SplittableRandom(seed(purpose, indices));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
