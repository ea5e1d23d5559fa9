package io.github.mgs4j.examples.minimal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.Random;

/**
 * A one-layer GRU language model: the template for implementing {@link SequenceModel}. Copy it and replace
 * the GRU with your network; what MGS needs stays the same:
 *
 * <ol>
 *   <li><b>Named parameters</b> ({@link #parameters()}), created once, with gradients attached. MGS perturbs
 *       these arrays in place and restores them, so every method reads the weights from them and caches
 *       nothing derived from them.
 *   <li><b>The MLE loss</b> ({@link #mleLoss}): mean negative log-likelihood of the target tokens given the
 *       context, differentiable, with dropout when {@code training} (this model has none).
 *   <li><b>Incremental decoding</b> ({@link #startDecoding}): a session holding the state after the tokens
 *       seen so far (here the GRU's hidden state; a Transformer keeps a KV cache), giving next-token logits,
 *       appending tokens and keeping or reordering rows.
 *   <li><b>Scoring</b> ({@link #continuationLogProbability}): Σ log p of given continuations; and, for the
 *       sequence-level baselines (minimum risk training, policy gradient), the same sums differentiable
 *       ({@link #sequenceLogProbability}).
 * </ol>
 *
 * <p>The cell, per step: r = σ(x W_r + h U_r + b_r), z = σ(x W_z + h U_z + b_z),
 * n = tanh(x W_n + b_n + r ∘ (h U_n + c_n)), h' = (1 − z) ∘ n + z ∘ h, with x the token's embedding; the
 * next-token logits are h' V + v.
 */
public final class GruLanguageModel implements SequenceModel, AutoCloseable {
  private final NDManager manager = NDManager.newBaseManager();
  private final PairList<String, Parameter> parameters = new PairList<>();
  private final int vocabulary;
  private final int hidden;
  private final int eos;

  /**
   * Creates a model with N(0, 0.1²) weights.
   *
   * @param vocabulary the vocabulary size
   * @param embedding the embedding width
   * @param hidden the hidden state width
   * @param eos the end-of-sequence id
   * @param seed the initialisation seed
   */
  public GruLanguageModel(int vocabulary, int embedding, int hidden, int eos, long seed) {
    if (eos < 0 || eos >= vocabulary) {
      throw new IllegalArgumentException("EOS id " + eos + " is outside the vocabulary [0, " + vocabulary + ")");
    }
    this.vocabulary = vocabulary;
    this.hidden = hidden;
    this.eos = eos;
    Random random = new Random(seed);
    add("embedding", random, vocabulary, embedding);
    add("input_weights", random, embedding, 3 * hidden); // W_r | W_z | W_n
    add("input_bias", random, 3 * hidden); // b_r | b_z | b_n
    add("state_weights", random, hidden, 3 * hidden); // U_r | U_z | U_n
    add("state_bias", random, 3 * hidden); // 0 | 0 | c_n (the r and z parts add to b_r, b_z)
    add("output_weights", random, hidden, vocabulary);
    add("output_bias", random, vocabulary);
  }

  private void add(String name, Random random, long... shape) {
    float[] values = new float[(int) new Shape(shape).size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (0.1 * random.nextGaussian());
    }
    NDArray array = manager.create(values, new Shape(shape));
    array.setRequiresGradient(true);
    parameters.add(name, Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(array).build());
  }

  private NDArray weight(String name) {
    return parameters.get(name).getArray();
  }

  @Override
  public PairList<String, Parameter> parameters() {
    return parameters;
  }

  @Override
  public int eosId() {
    return eos;
  }

  @Override
  public int vocabularySize() {
    return vocabulary;
  }

  /** One GRU step for a batch: the hidden states (rows, hidden) after reading the tokens (rows). */
  private NDArray step(NDArray state, NDArray tokens) {
    NDArray x = tokens.oneHot(vocabulary).matMul(weight("embedding"));
    NDList fromInput = x.matMul(weight("input_weights")).add(weight("input_bias")).split(3, 1);
    NDList fromState = state.matMul(weight("state_weights")).add(weight("state_bias")).split(3, 1);
    NDArray reset = Activation.sigmoid(fromInput.get(0).add(fromState.get(0))); // r
    NDArray update = Activation.sigmoid(fromInput.get(1).add(fromState.get(1))); // z
    NDArray candidate = fromInput.get(2).add(reset.mul(fromState.get(2))).tanh(); // n
    return update.neg().add(1).mul(candidate).add(update.mul(state)); // (1 − z) n + z h
  }

  private NDArray logits(NDArray state) {
    return state.matMul(weight("output_weights")).add(weight("output_bias"));
  }

  /** The hidden state after reading each row's tokens (rows may differ in length). */
  private NDArray read(NDManager scope, int[][] rows) {
    NDArray[] states = new NDArray[rows.length];
    for (int r = 0; r < rows.length; r++) {
      NDArray state = scope.zeros(new Shape(1, hidden));
      for (int token : rows[r]) {
        state = step(state, scope.create(new long[] {token}));
      }
      states[r] = state;
    }
    return NDArrays.concat(new NDList(states));
  }

  /**
   * The summed log-probability of each continuation given its context, differentiable: teacher forcing over
   * the padded batch, one GRU step per position, positions past a row's end masked out.
   */
  private NDArray summedLogProbabilities(NDManager scope, int[][] contexts, int[][] continuations) {
    int rows = contexts.length;
    int longest = 0;
    for (int[] c : continuations) {
      longest = Math.max(longest, c.length);
    }
    NDArray state = read(scope, contexts);
    NDArray sums = scope.zeros(new Shape(rows));
    for (int t = 0; t < longest; t++) {
      long[] next = new long[rows];
      float[] present = new float[rows];
      for (int r = 0; r < rows; r++) {
        if (t < continuations[r].length) {
          next[r] = continuations[r][t];
          present[r] = 1;
        }
      }
      NDArray picked = logits(state).logSoftmax(1).mul(scope.create(next).oneHot(vocabulary)).sum(new int[] {1});
      sums = sums.add(picked.mul(scope.create(present)));
      if (t + 1 < longest) {
        state = step(state, scope.create(next));
      }
    }
    return sums;
  }

  @Override
  public NDArray mleLoss(NDManager scope, Batch batch, boolean training) {
    NDArray sums = summedLogProbabilities(scope, batch.contexts(), batch.targets());
    return sums.sum().neg().div((float) batch.targetTokenCount());
  }

  @Override
  public double[] continuationLogProbability(NDManager scope, int[][] contexts, int[][] continuations) {
    try (NDManager local = scope.newSubManager()) {
      float[] sums = summedLogProbabilities(local, contexts, continuations).toFloatArray();
      double[] out = new double[sums.length];
      for (int r = 0; r < sums.length; r++) {
        out[r] = sums[r];
      }
      return out;
    }
  }

  @Override
  public NDArray sequenceLogProbability(
      NDManager scope, int[][] contexts, int[][] continuations, boolean training) {
    return summedLogProbabilities(scope, contexts, continuations);
  }

  @Override
  public DecodingSession startDecoding(NDManager scope, int[][] contexts) {
    return new Session(scope, read(scope, contexts));
  }

  /** Releases the parameters. */
  @Override
  public void close() {
    manager.close();
  }

  /** The decoding state: the hidden state of every live row, in the caller's scope. */
  private final class Session implements DecodingSession {
    private final NDManager scope;
    private NDArray state;

    Session(NDManager scope, NDArray state) {
      this.scope = scope;
      this.state = state;
    }

    @Override
    public int rows() {
      return Math.toIntExact(state.getShape().get(0));
    }

    @Override
    public NDArray nextLogits() {
      return logits(state);
    }

    @Override
    public void append(NDArray tokens) {
      state = step(state, tokens.toType(DataType.INT64, false));
    }

    @Override
    public void selectRows(NDArray rowIndices) {
      state = state.get(rowIndices);
    }

    @Override
    public void close() {}
  }
}
