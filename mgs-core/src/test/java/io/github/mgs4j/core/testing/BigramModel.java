package io.github.mgs4j.core.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.ReplicableModel;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tiny trainable bigram language model for tests: {@code logits(next | prev) = onehot(prev)·E·W + b}. Its
 * prediction depends on the previous token only, which is enough for the toy "count up, then EOS" task and
 * makes every quantity easy to check by hand.
 */
public final class BigramModel implements ReplicableModel {
  private final NDManager manager;
  private final int vocabulary;
  private final int eos;
  private final PairList<String, Parameter> parameters = new PairList<>();
  private final boolean trainable;

  /**
   * Creates a model with random N(0, 0.1²) weights drawn from {@code seed}.
   *
   * @param vocabulary the vocabulary size
   * @param hidden the embedding width
   * @param eos the EOS id
   * @param seed the initialisation seed
   */
  public BigramModel(int vocabulary, int hidden, int eos, long seed) {
    this(vocabulary, hidden, eos, seed, true);
  }

  private BigramModel(int vocabulary, int hidden, int eos, long seed, boolean trainable) {
    this.manager = NDManager.newBaseManager();
    this.trainable = trainable;
    this.vocabulary = vocabulary;
    this.eos = eos;
    java.util.Random random = new java.util.Random(seed);
    add("embedding", gaussian(random, vocabulary, hidden));
    add("output", gaussian(random, hidden, vocabulary));
    add("bias", new float[vocabulary], vocabulary);
  }

  private float[] gaussian(java.util.Random random, int rows, int cols) {
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.1 * random.nextGaussian());
    }
    return w;
  }

  private void add(String name, float[] values) {
    int hidden = values.length / vocabulary;
    Shape shape = name.equals("embedding") ? new Shape(vocabulary, hidden) : new Shape(hidden, vocabulary);
    addWithShape(name, values, shape);
  }

  private void add(String name, float[] values, int length) {
    addWithShape(name, values, new Shape(length));
  }

  private void addWithShape(String name, float[] values, Shape shape) {
    NDArray array = manager.create(values, shape);
    if (trainable) {
      array.setRequiresGradient(true);
    }
    Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(array).build();
    parameters.add(name, p);
  }

  /** An inference-only copy with the current values (parameters without gradients). */
  @Override
  public BigramModel replicate() {
    long hidden = parameters.get("embedding").getArray().getShape().get(1);
    BigramModel replica = new BigramModel(vocabulary, Math.toIntExact(hidden), eos, 0, false);
    replica.copyFrom(this);
    return replica;
  }

  /** Copies every parameter value from another model of the same shape. */
  public void copyFrom(BigramModel other) {
    for (int i = 0; i < parameters.size(); i++) {
      parameters.valueAt(i).getArray().set(new ai.djl.ndarray.index.NDIndex("..."), other.parameters.valueAt(i).getArray());
    }
  }

  /** All parameter values, flattened, in order. */
  public float[] flatParameters() {
    List<NDArray> arrays = new ArrayList<>(parameters.size());
    for (int i = 0; i < parameters.size(); i++) {
      arrays.add(parameters.valueAt(i).getArray());
    }
    return FlatArrays.concat(arrays);
  }

  @Override
  public PairList<String, Parameter> parameters() {
    return parameters;
  }

  private NDArray logits(NDManager scope, long[] previous) {
    NDArray prev = scope.create(previous).oneHot(vocabulary);
    NDArray e = parameters.get("embedding").getArray();
    NDArray w = parameters.get("output").getArray();
    NDArray b = parameters.get("bias").getArray();
    return prev.matMul(e).matMul(w).add(b);
  }

  private static long[][] pairs(int[][] contexts, int[][] targets) {
    int n = 0;
    for (int[] t : targets) {
      n += t.length;
    }
    long[] prev = new long[n];
    long[] next = new long[n];
    int at = 0;
    for (int i = 0; i < targets.length; i++) {
      long p = contexts[i][contexts[i].length - 1];
      for (int token : targets[i]) {
        prev[at] = p;
        next[at] = token;
        p = token;
        at++;
      }
    }
    return new long[][] {prev, next};
  }

  @Override
  public NDArray mleLoss(NDManager scope, Batch batch, boolean training) {
    long[][] pn = pairs(batch.contexts(), batch.targets());
    NDArray logp = logits(scope, pn[0]).logSoftmax(1);
    NDArray picked = logp.mul(scope.create(pn[1]).oneHot(vocabulary)).sum();
    return picked.neg().div((float) pn[1].length);
  }

  @Override
  public double[] continuationLogProbability(NDManager scope, int[][] contexts, int[][] continuations) {
    long[][] pn = pairs(contexts, continuations);
    try (NDManager local = scope.newSubManager()) {
      NDArray logp = logits(local, pn[0]).logSoftmax(1);
      float[] picked = logp.mul(local.create(pn[1]).oneHot(vocabulary)).sum(new int[] {1}).toFloatArray();
      double[] out = new double[contexts.length];
      int at = 0;
      for (int i = 0; i < contexts.length; i++) {
        for (int j = 0; j < continuations[i].length; j++) {
          out[i] += picked[at++];
        }
      }
      return out;
    }
  }

  /** Per row, the sum of its pairs' log-probabilities: a (rows × pairs) 0/1 matrix times the pair column. */
  @Override
  public NDArray sequenceLogProbability(
      NDManager scope, int[][] contexts, int[][] continuations, boolean training) {
    long[][] pn = pairs(contexts, continuations);
    NDArray logp = logits(scope, pn[0]).logSoftmax(1);
    NDArray picked = logp.mul(scope.create(pn[1]).oneHot(vocabulary)).sum(new int[] {1});
    float[] membership = new float[contexts.length * pn[1].length];
    int at = 0;
    for (int i = 0; i < contexts.length; i++) {
      for (int j = 0; j < continuations[i].length; j++) {
        membership[i * pn[1].length + at++] = 1f;
      }
    }
    return scope.create(membership, new Shape(contexts.length, pn[1].length))
        .matMul(picked.reshape(pn[1].length, 1))
        .reshape(contexts.length);
  }

  @Override
  public DecodingSession startDecoding(NDManager scope, int[][] contexts) {
    long[] last = new long[contexts.length];
    for (int i = 0; i < contexts.length; i++) {
      last[i] = contexts[i][contexts[i].length - 1];
    }
    return new Session(scope, last);
  }

  @Override
  public int eosId() {
    return eos;
  }

  @Override
  public int vocabularySize() {
    return vocabulary;
  }

  @Override
  public void close() {
    manager.close();
  }

  private final class Session implements DecodingSession {
    private final NDManager scope;
    private long[] last;

    Session(NDManager scope, long[] last) {
      this.scope = scope;
      this.last = last;
    }

    @Override
    public int rows() {
      return last.length;
    }

    @Override
    public NDArray nextLogits() {
      return logits(scope, last);
    }

    @Override
    public void append(NDArray tokens) {
      long[] t = tokens.toType(DataType.INT64, false).toLongArray();
      if (t.length != last.length) {
        throw new IllegalArgumentException("expected " + last.length + " tokens, got " + t.length);
      }
      last = t;
    }

    @Override
    public void selectRows(NDArray rowIndices) {
      long[] idx = rowIndices.toLongArray();
      long[] next = new long[idx.length];
      for (int i = 0; i < idx.length; i++) {
        next[i] = last[(int) idx[i]];
      }
      last = next;
    }

    @Override
    public void close() {}
  }

  @Override
  public String toString() {
    return "BigramModel(V=" + vocabulary + ", params=" + Arrays.toString(parameters.keys().toArray()) + ")";
  }

}
