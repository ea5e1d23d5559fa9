package io.github.mgs4j.losses.corpus;

/**
 * The random stream of numpy's {@code np.random.default_rng(seed)}, which sacrebleu's bootstrap draws its
 * resample indices from: {@code SeedSequence(seed)} expands the seed into four 64-bit words, PCG64 (the
 * 128-bit LCG with the XSL-RR output) is seeded with them, 32-bit draws take the low then the high half of
 * one 64-bit output, and {@link #nextIndex(int)} is {@code Generator.integers(0, n)} (Lemire's
 * multiply-shift with rejection on 32-bit draws). Identical seeds give identical streams to numpy's. Not
 * thread-safe.
 */
final class NumpyPcg64 {
  private static final long MULT_HI = 0x2360ED051FC65DA4L;
  private static final long MULT_LO = 0x4385DF649FCCF645L;
  private static final int POOL_SIZE = 4;
  private static final int INIT_A = 0x43b0d7e5;
  private static final int MULT_A = 0x931e8875;
  private static final int INIT_B = 0x8b51f9dd;
  private static final int MULT_B = 0x58f38ded;
  private static final int MIX_MULT_L = 0xca01f9dd;
  private static final int MIX_MULT_R = 0x4973f715;

  private long stateHi;
  private long stateLo;
  private final long incHi;
  private final long incLo;
  private boolean hasHalf;
  private int half;

  /**
   * {@code np.random.default_rng(seed)}.
   *
   * @param seed a non-negative seed
   */
  NumpyPcg64(long seed) {
    if (seed < 0) {
      throw new IllegalArgumentException("the seed must be non-negative, got " + seed);
    }
    long[] words = seedSequenceState(seed);
    long initHi = words[0];
    long initLo = words[1];
    incHi = (words[2] << 1) | (words[3] >>> 63);
    incLo = (words[3] << 1) | 1L;
    stateHi = 0;
    stateLo = 0;
    step();
    long lo = stateLo + initLo;
    stateHi = stateHi + initHi + (Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0);
    stateLo = lo;
    step();
  }

  /** {@code SeedSequence(seed).generate_state(4, np.uint64)}. */
  static long[] seedSequenceState(long seed) {
    int[] entropy = seed >>> 32 == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
    int[] pool = new int[POOL_SIZE];
    int[] hashConst = {INIT_A};
    for (int i = 0; i < POOL_SIZE; i++) {
      pool[i] = hashMix(i < entropy.length ? entropy[i] : 0, hashConst);
    }
    for (int src = 0; src < POOL_SIZE; src++) {
      for (int dst = 0; dst < POOL_SIZE; dst++) {
        if (src != dst) {
          pool[dst] = mix(pool[dst], hashMix(pool[src], hashConst));
        }
      }
    }
    int hash = INIT_B;
    long[] out = new long[4];
    for (int i = 0; i < 8; i++) {
      int value = pool[i % POOL_SIZE];
      value ^= hash;
      hash *= MULT_B;
      value *= hash;
      value ^= value >>> 16;
      out[i / 2] |= (value & 0xFFFFFFFFL) << (32 * (i % 2));
    }
    return out;
  }

  private static int hashMix(int value, int[] hashConst) {
    value ^= hashConst[0];
    hashConst[0] *= MULT_A;
    value *= hashConst[0];
    value ^= value >>> 16;
    return value;
  }

  private static int mix(int x, int y) {
    int result = MIX_MULT_L * x - MIX_MULT_R * y;
    return result ^ (result >>> 16);
  }

  /** state = state · MULT + inc (mod 2^128). */
  private void step() {
    long lo = stateLo * MULT_LO;
    long hi = unsignedMultiplyHigh(stateLo, MULT_LO) + stateLo * MULT_HI + stateHi * MULT_LO;
    long sumLo = lo + incLo;
    stateHi = hi + incHi + (Long.compareUnsigned(sumLo, lo) < 0 ? 1 : 0);
    stateLo = sumLo;
  }

  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** {@code bit_generator.random_raw()}: one 64-bit output. */
  long nextLong() {
    step();
    return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
  }

  /** numpy's buffered 32-bit draw: the low half of a 64-bit output, then its high half. */
  int nextInt() {
    if (hasHalf) {
      hasHalf = false;
      return half;
    }
    long next = nextLong();
    hasHalf = true;
    half = (int) (next >>> 32);
    return (int) next;
  }

  /**
   * {@code Generator.integers(0, bound)} (also {@code Generator.choice(bound)} with replacement): uniform in
   * [0, bound).
   *
   * @param bound the exclusive upper bound, at least 1
   */
  int nextIndex(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be >= 1, got " + bound);
    }
    if (bound == 1) {
      return 0;
    }
    long range = bound & 0xFFFFFFFFL;
    long m = (nextInt() & 0xFFFFFFFFL) * range;
    long leftover = m & 0xFFFFFFFFL;
    if (leftover < range) {
      long threshold = (0xFFFFFFFFL - (range - 1)) % range;
      while (leftover < threshold) {
        m = (nextInt() & 0xFFFFFFFFL) * range;
        leftover = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }
}
