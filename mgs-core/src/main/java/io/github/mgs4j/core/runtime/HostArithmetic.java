package io.github.mgs4j.core.runtime;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * {@link ParameterArithmetic} as Java passes over the arrays' own memory ({@link HostViews}), one pass per
 * block on a {@link BlockWorkers} team: no native temporary and no engine call per tensor or block. Arrays the
 * host cannot write in place (a GPU's, a non-contiguous one) go to the engine implementation instead. Every
 * float operation is the engine's, in its order; sums are accumulated in double, four interleaved partial sums
 * per block, combined in block order, so no result depends on the thread count.
 */
public final class HostArithmetic implements ParameterArithmetic {
  private final BlockWorkers team;
  private final long blockElements;
  /** For arrays the host cannot write: created the first time one comes. */
  private EngineArithmetic engine;
  /** Write checks remembered per shared key (a parameter set, a set of gradient handles). */
  private final Map<Object, Boolean> checkedSets = new HashMap<>();
  /** Write checks remembered per array, for vectors without a shared key. */
  private final Map<NDArray, Boolean> checkedArrays = new IdentityHashMap<>();

  HostArithmetic(BlockWorkers team, long blockElements) {
    this.team = team;
    this.blockElements = blockElements;
  }

  private synchronized EngineArithmetic engine() {
    if (engine == null) {
      engine = new EngineArithmetic(blockElements);
    }
    return engine;
  }

  @Override
  public void copy(ParameterVector target, ParameterVector source) {
    List<FloatBuffer> to = target.remote() ? null : writable(target);
    List<FloatBuffer> from = to == null || source.remote() ? null : writable(source);
    if (from == null) {
      engine().copy(target, source);
      return;
    }
    List<Block> blocks = Block.flat(source.sizes(), blockElements);
    team.forEach(blocks.size(), (i, scratch) -> {
      Block b = blocks.get(i);
      to.get(b.tensor()).put(Math.toIntExact(b.offset()), from.get(b.tensor()), Math.toIntExact(b.offset()), b.length());
    });
  }

  @Override
  public void scale(ParameterVector v, float factor) {
    List<FloatBuffer> views = writable(v);
    if (views == null) {
      engine().scale(v, factor);
      return;
    }
    scale(views, Block.flat(v.sizes(), blockElements), factor);
  }

  private void scale(List<FloatBuffer> views, List<Block> blocks, float factor) {
    team.forEach(blocks.size(), (i, scratch) -> {
      Block b = blocks.get(i);
      float[] x = b.read(views, scratch.floats(0, b.length()));
      for (int j = 0; j < b.length(); j++) {
        x[j] *= factor;
      }
      b.write(views, x);
    });
  }

  @Override
  public ClippedNorms clipAndMeasure(ParameterVector v, double maxNorm) {
    List<FloatBuffer> views = writable(v);
    if (views == null) {
      return engine().clipAndMeasure(v, maxNorm);
    }
    List<Block> blocks = Block.flat(v.sizes(), blockElements);
    double[] absolutePerBlock = new double[blocks.size()];
    double[] squaresPerBlock = new double[blocks.size()];
    team.forEach(blocks.size(), (i, scratch) -> {
      Block b = blocks.get(i);
      double[] sums = absoluteAndSquares(b.read(views, scratch.floats(0, b.length())), b.length());
      absolutePerBlock[i] = sums[0];
      squaresPerBlock[i] = sums[1];
    });
    double total = 0;
    for (double s : squaresPerBlock) {
      total += s;
    }
    double norm = Math.sqrt(total);
    double[] absolute = perTensor(absolutePerBlock, blocks, v.count());
    double[] squares = perTensor(squaresPerBlock, blocks, v.count());
    if (!Double.isFinite(norm)) {
      return new ClippedNorms(norm, absolute, squares);
    }
    double coefficient = maxNorm / (norm + 1e-6);
    if (coefficient < 1) {
      // The sums of the scaled floats are the sums before scaling times the factor, to float32 rounding.
      float factor = (float) coefficient;
      scale(views, blocks, factor);
      for (int w = 0; w < absolute.length; w++) {
        absolute[w] *= factor;
        squares[w] *= (double) factor * factor;
      }
    }
    return new ClippedNorms(norm, absolute, squares);
  }

  @Override
  public NoiseProducts perturb(
      ParameterVector theta, ParameterVector gradient, double[] sigmas, boolean fromMle, long seed) {
    List<FloatBuffer> values = writable(theta);
    List<FloatBuffer> centre = values == null ? null : writable(gradient);
    if (centre == null) {
      return engine().perturb(theta, gradient, sigmas, fromMle, seed);
    }
    List<Block> walk = GaussianNoise.walk(theta.shapes(), sigmas, fromMle, blockElements);
    double[] squares = new double[walk.size()];
    double[] crosses = new double[walk.size()];
    team.forEach(walk.size(), (i, scratch) -> {
      Block b = walk.get(i);
      int n = b.length();
      float[] x = b.read(values, scratch.floats(1, n));
      float[] g = b.read(centre, scratch.floats(2, n));
      double sigma = sigmas[b.tensor()];
      double[] products = sigma != 0
          ? addNoise(x, g, n, fromMle, GaussianNoise.normals(seed, b), sigma)
          : addCentre(x, g, n, fromMle, scratch.floats(0, n));
      b.write(values, x);
      squares[i] = products[0];
      crosses[i] = products[1];
    });
    double[] epsilonSquared = new double[theta.count()];
    double[] epsilonDotCentre = new double[theta.count()];
    for (int i = 0; i < walk.size(); i++) {
      int w = walk.get(i).tensor();
      epsilonSquared[w] += squares[i];
      epsilonDotCentre[w] -= crosses[i];
    }
    return new NoiseProducts(epsilonSquared, epsilonDotCentre);
  }

  @Override
  public void regenerate(ParameterVector gradient, double[] sigmas, double share, double[] weights, long[] seeds) {
    List<FloatBuffer> views = writable(gradient);
    if (views == null) {
      engine().regenerate(gradient, sigmas, share, weights, seeds);
      return;
    }
    float factor = (float) share;
    List<Block> walk = GaussianNoise.walk(gradient.shapes(), sigmas, true, blockElements);
    // Per block, in one pass: scale, then subtract every weighted candidate's noise in candidate order.
    team.forEach(walk.size(), (i, scratch) -> {
      Block b = walk.get(i);
      int n = b.length();
      float[] x = b.read(views, scratch.floats(1, n));
      for (int j = 0; j < n; j++) {
        x[j] *= factor;
      }
      double sigma = sigmas[b.tensor()];
      for (int c = 0; sigma != 0 && c < weights.length; c++) {
        double scale = weights[c] * sigma;
        if (weights[c] > 0 && scale != 0) {
          float[] noise = scratch.floats(0, n);
          GaussianNoise.draw(seeds[c], b, scale, noise);
          for (int j = 0; j < n; j++) {
            x[j] -= noise[j];
          }
        }
      }
      b.write(views, x);
    });
  }

  @Override
  public void foldAndRestore(
      ParameterVector accumulator,
      ParameterVector candidate,
      ParameterVector theta,
      double oldScale,
      double newScale,
      boolean first) {
    List<FloatBuffer> acc = writable(accumulator);
    List<FloatBuffer> held = acc == null || candidate.remote() ? null : writable(candidate);
    List<FloatBuffer> origin = held == null ? null : writable(theta);
    if (origin == null) {
      engine().foldAndRestore(accumulator, candidate, theta, oldScale, newScale, first);
      return;
    }
    boolean scaleNew = newScale != 1;
    boolean scaleOld = !first && oldScale != 1;
    float newFactor = (float) newScale;
    float oldFactor = (float) oldScale;
    List<Block> blocks = Block.flat(accumulator.sizes(), blockElements);
    team.forEach(blocks.size(), (i, scratch) -> {
      Block b = blocks.get(i);
      int n = b.length();
      float[] x = b.read(held, scratch.floats(0, n));
      float[] base = b.read(origin, scratch.floats(1, n));
      float[] sum = first ? scratch.floats(2, n) : b.read(acc, scratch.floats(2, n));
      for (int j = 0; j < n; j++) {
        float d = x[j] - base[j];
        if (scaleNew) {
          d *= newFactor;
        }
        sum[j] = first ? d : (scaleOld ? sum[j] * oldFactor : sum[j]) + d;
      }
      b.write(acc, sum);
      b.write(held, base);
    });
  }

  @Override
  public synchronized void adam(AdamCoefficients c, List<AdamTensor> tensors) {
    List<AdamTensor> onEngine = new ArrayList<>();
    List<AdamTensor> onHost = new ArrayList<>();
    // Per tensor on the host: the views of weight, gradient (only read: no check), mean and variance.
    List<FloatBuffer[]> views = new ArrayList<>();
    for (AdamTensor t : tensors) {
      FloatBuffer[] four = {writable(t.weight()), null, writable(t.mean()), writable(t.variance())};
      List<FloatBuffer> g = HostViews.of(List.of(t.gradient()), false);
      four[1] = g == null || t.weight().size() != t.gradient().size() ? null : g.get(0);
      if (Arrays.asList(four).contains(null)) {
        onEngine.add(t);
      } else {
        onHost.add(t);
        views.add(four);
      }
    }
    if (!onEngine.isEmpty()) {
      engine().adam(c, onEngine);
    }
    long[] sizes = onHost.stream().mapToLong(t -> t.weight().size()).toArray();
    List<Block> blocks = Block.flat(sizes, blockElements);
    team.forEach(blocks.size(), (i, scratch) -> {
      Block b = blocks.get(i);
      AdamTensor t = onHost.get(b.tensor());
      FloatBuffer[] four = views.get(b.tensor());
      int n = b.length();
      int at = Math.toIntExact(b.offset());
      float[][] x = new float[4][];
      for (int a = 0; a < 4; a++) {
        x[a] = scratch.floats(a, n);
        four[a].get(at, x[a], 0, n);
      }
      step(c, x[0], x[1], x[2], x[3], n, t.learningRate(), t.rate(), t.decay());
      for (int a : new int[] {0, 2, 3}) {
        four[a].put(at, x[a], 0, n);
      }
    });
  }

  /** One Adam step over the first {@code n} entries, in the engine kernel's order of operations. */
  private static void step(AdamCoefficients c, float[] w, float[] g, float[] m, float[] v, int n,
      float learningRate, float rate, float decay) {
    float oneMinusBeta1 = 1f - c.beta1();
    float oneMinusBeta2 = 1f - c.beta2();
    for (int j = 0; j < n; j++) {
      float x = w[j];
      float gj = g[j];
      if (c.decoupled()) {
        x = x - (x * learningRate) * decay;
      } else {
        gj = gj + decay * x;
      }
      float mj = m[j] * c.beta1() + oneMinusBeta1 * gj;
      float vj = v[j] * c.beta2() + oneMinusBeta2 * gj * gj;
      m[j] = mj;
      v[j] = vj;
      w[j] = x - (mj * rate) / ((float) Math.sqrt(vj) + c.epsilon());
    }
  }

  /** How many single arrays this arithmetic has checked and writes in place (an optimizer's weights and moments). */
  public synchronized int arraysWrittenInPlace() {
    return (int) checkedArrays.values().stream().filter(Boolean::booleanValue).count();
  }

  /** In-place views of a vector's arrays, or null when the host cannot write every one of them. */
  private synchronized List<FloatBuffer> writable(ParameterVector v) {
    if (v.fresh()) {
      // Dense arrays allocated by the vector itself: a direct buffer over them is their storage.
      return HostViews.of(v.arrays(), false);
    }
    Object key = v.probeKey();
    if (key == null) {
      List<FloatBuffer> views = new ArrayList<>(v.count());
      for (NDArray a : v.arrays()) {
        FloatBuffer view = writable(a);
        if (view == null) {
          return null;
        }
        views.add(view);
      }
      return views;
    }
    Boolean known = checkedSets.get(key);
    if (Boolean.FALSE.equals(known)) {
      return null;
    }
    List<FloatBuffer> views = HostViews.of(v.arrays(), known == null);
    checkedSets.put(key, views != null);
    return views;
  }

  /** The in-place view of one array, checked by a write probe the first time it is seen; null when none. */
  private synchronized FloatBuffer writable(NDArray array) {
    Boolean known = checkedArrays.get(array);
    if (Boolean.FALSE.equals(known)) {
      return null;
    }
    List<FloatBuffer> views = HostViews.of(List.of(array), known == null);
    checkedArrays.put(array, views != null);
    return views == null ? null : views.get(0);
  }

  private static double[] perTensor(double[] perBlock, List<Block> blocks, int tensors) {
    double[] sums = new double[tensors];
    for (int i = 0; i < blocks.size(); i++) {
      sums[blocks.get(i).tensor()] += perBlock[i];
    }
    return sums;
  }

  /**
   * θ ← θ + ε for one block as its noise is drawn, {@code ε_j = (float) (scale·z_j) − [fromMle]·g_j}, with
   * {Σ ε_j², Σ ε_j g_j} accumulated in the same loop: the normals are never stored, and the arithmetic
   * overlaps the sampler's.
   */
  static double[] addNoise(
      float[] values,
      float[] gradient,
      int n,
      boolean fromMle,
      ZigguratSampler.NormalizedGaussian normal,
      double scale) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double c0 = 0;
    double c1 = 0;
    double c2 = 0;
    double c3 = 0;
    // ε = z − 0f leaves every z as it is (−0 included), so one loop serves both components.
    int j = 0;
    for (; j + 3 < n; j += 4) {
      float e0 = (float) (scale * normal.sample()) - (fromMle ? gradient[j] : 0f);
      float e1 = (float) (scale * normal.sample()) - (fromMle ? gradient[j + 1] : 0f);
      float e2 = (float) (scale * normal.sample()) - (fromMle ? gradient[j + 2] : 0f);
      float e3 = (float) (scale * normal.sample()) - (fromMle ? gradient[j + 3] : 0f);
      values[j] += e0;
      values[j + 1] += e1;
      values[j + 2] += e2;
      values[j + 3] += e3;
      s0 += (double) e0 * e0;
      s1 += (double) e1 * e1;
      s2 += (double) e2 * e2;
      s3 += (double) e3 * e3;
      c0 += (double) e0 * gradient[j];
      c1 += (double) e1 * gradient[j + 1];
      c2 += (double) e2 * gradient[j + 2];
      c3 += (double) e3 * gradient[j + 3];
    }
    for (; j < n; j++) {
      float e0 = (float) (scale * normal.sample()) - (fromMle ? gradient[j] : 0f);
      values[j] += e0;
      s0 += (double) e0 * e0;
      c0 += (double) e0 * gradient[j];
    }
    return new double[] {(s0 + s1) + (s2 + s3), (c0 + c1) + (c2 + c3)};
  }

  /**
   * θ ← θ + ε for a block without noise: ε = 0 − g for an MLE candidate, 0 otherwise (the engine's zeros
   * minus the gradient, sign of zero included).
   */
  private static double[] addCentre(float[] values, float[] gradient, int n, boolean fromMle, float[] epsilon) {
    Arrays.fill(epsilon, 0, n, 0f);
    if (fromMle) {
      for (int j = 0; j < n; j++) {
        epsilon[j] -= gradient[j];
      }
    }
    for (int j = 0; j < n; j++) {
      values[j] += epsilon[j];
    }
    return products(epsilon, gradient, n);
  }

  /** {Σ|x_j|, Σx_j²} over the first n entries, in double, four interleaved partial sums each. */
  private static double[] absoluteAndSquares(float[] x, int n) {
    double a0 = 0;
    double a1 = 0;
    double a2 = 0;
    double a3 = 0;
    double q0 = 0;
    double q1 = 0;
    double q2 = 0;
    double q3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      double x0 = x[j];
      double x1 = x[j + 1];
      double x2 = x[j + 2];
      double x3 = x[j + 3];
      a0 += Math.abs(x0);
      a1 += Math.abs(x1);
      a2 += Math.abs(x2);
      a3 += Math.abs(x3);
      q0 += x0 * x0;
      q1 += x1 * x1;
      q2 += x2 * x2;
      q3 += x3 * x3;
    }
    for (; j < n; j++) {
      double x0 = x[j];
      a0 += Math.abs(x0);
      q0 += x0 * x0;
    }
    return new double[] {(a0 + a1) + (a2 + a3), (q0 + q1) + (q2 + q3)};
  }

  /** {Σ e_j², Σ e_j g_j} over the first n entries, in double, four interleaved partial sums each. */
  static double[] products(float[] e, float[] g, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double c0 = 0;
    double c1 = 0;
    double c2 = 0;
    double c3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      double e0 = e[j];
      double e1 = e[j + 1];
      double e2 = e[j + 2];
      double e3 = e[j + 3];
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
      c0 += e0 * g[j];
      c1 += e1 * g[j + 1];
      c2 += e2 * g[j + 2];
      c3 += e3 * g[j + 3];
    }
    for (; j < n; j++) {
      double e0 = e[j];
      s0 += e0 * e0;
      c0 += e0 * g[j];
    }
    return new double[] {(s0 + s1) + (s2 + s3), (c0 + c1) + (c2 + c3)};
  }
}
