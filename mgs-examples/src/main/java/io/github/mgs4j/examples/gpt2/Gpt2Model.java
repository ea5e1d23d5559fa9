package io.github.mgs4j.examples.gpt2;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.util.PairList;
import io.github.mgs4j.core.io.MalformedFileException;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.ReplicableModel;
import io.github.mgs4j.core.model.TrainableParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * GPT-2 ({@code GPT2LMHeadModel}) computed with DJL {@code NDArray} operations: token and position
 * embeddings, pre-LayerNorm blocks with causal self-attention and a {@code gelu_new} MLP, a final
 * LayerNorm, and an LM head tied to the token embedding.
 *
 * <p>Parameters are DJL {@link Parameter}s named as in Hugging Face checkpoints ({@code wte.weight},
 * {@code wpe.weight}, {@code h.0.attn.c_attn.weight}, ..., {@code ln_f.bias}), float32 with gradients
 * attached, in Hugging Face order. Linear weights keep transformers' Conv1D layout (in, out), so a
 * checkpoint loads and saves without transposes and {@code x · W + b} needs none either. The tied LM head
 * is {@code wte.weight} itself, not a separate parameter. All parameters belong to one manager the model
 * owns; {@link #close()} releases them.
 *
 * <p>Every call reads the parameter arrays afresh (no derived copies are cached), so MGS's in-place
 * perturbations are always seen. Dropout rates come from the configuration and apply only when
 * {@code training} is true; decoding and scoring always run in evaluation mode.
 */
public final class Gpt2Model implements ReplicableModel {
  private final Gpt2Config config;
  private final NDManager manager;
  private final Gpt2Ops ops;
  private final PairList<String, Parameter> parameters = new PairList<>();
  private final Parameter wte;
  private final Parameter wpe;
  private final List<Gpt2Block> blocks = new ArrayList<>();
  private final Parameter lnFWeight;
  private final Parameter lnFBias;
  private volatile MleTokens mleTokens = MleTokens.AFTER_FIRST;
  private volatile Gpt2DecodeStep decodeStep = Gpt2DecodeStep.automatic();

  /** The tokens {@link #mleLoss} averages the NLL over. */
  public enum MleTokens {
    /**
     * Every token of {@code context ++ target} after the first, the context included: the authors' GPT-2
     * loss, and the default.
     */
    AFTER_FIRST,
    /** The target (continuation) tokens only, each predicted from the context and the targets before it. */
    CONTINUATION
  }

  /**
   * Creates a model whose parameters come from {@code source}.
   *
   * @throws MalformedFileException if the source cannot supply a parameter
   */
  Gpt2Model(Gpt2Config config, Gpt2WeightSource source) throws MalformedFileException {
    this(config, source, NDManager.newBaseManager());
  }

  /** Creates a model whose parameters come from {@code source}, owned by {@code manager} (and on its device). */
  private Gpt2Model(Gpt2Config config, Gpt2WeightSource source, NDManager manager) throws MalformedFileException {
    this.config = config;
    this.manager = manager;
    this.ops = new Gpt2Ops(manager, config);
    try {
      Gpt2Block.ParameterFactory top = new Gpt2Block.ParameterFactory("", source, manager, parameters);
      wte = top.create("wte.weight", Parameter.Type.WEIGHT, config.vocabSize(), config.nEmbd());
      wpe = top.create("wpe.weight", Parameter.Type.WEIGHT, config.nPositions(), config.nEmbd());
      for (int i = 0; i < config.nLayer(); i++) {
        blocks.add(new Gpt2Block(config, ops, i, source, manager, parameters));
      }
      lnFWeight = top.create("ln_f.weight", Parameter.Type.GAMMA, config.nEmbd());
      lnFBias = top.create("ln_f.bias", Parameter.Type.BETA, config.nEmbd());
    } catch (MalformedFileException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * A randomly initialised model, as transformers initialises GPT-2: weights and embeddings
   * ~ N(0, initializer_range²), the residual projections ({@code attn.c_proj.weight},
   * {@code mlp.c_proj.weight}) scaled by {@code 1/sqrt(2·n_layer)}, biases 0, LayerNorm gains 1. The values
   * depend only on the seed and the parameter name (drawn in Java, independent of torch's generator).
   *
   * @param config the configuration
   * @param seed the random seed
   * @return the model
   */
  public static Gpt2Model randomInit(Gpt2Config config, long seed) {
    Gpt2WeightSource random =
        (name, shape, m) -> {
          if (name.endsWith(".bias")) {
            return m.zeros(shape, DataType.FLOAT32);
          }
          if (name.startsWith("ln_f.") || name.contains(".ln_")) {
            return m.ones(shape, DataType.FLOAT32);
          }
          double std = config.initializerRange();
          if (name.endsWith("c_proj.weight")) {
            std /= Math.sqrt(2.0 * config.nLayer());
          }
          SplittableRandom rng = new SplittableRandom(seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L));
          float[] values = new float[Math.toIntExact(shape.size())];
          for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rng.nextGaussian() * std);
          }
          return m.create(values, shape);
        };
    try {
      return new Gpt2Model(config, random);
    } catch (MalformedFileException e) {
      throw new IllegalStateException("random initialisation cannot fail", e);
    }
  }

  /**
   * An inference-only copy (same configuration, current parameter values, no gradients) in its own native
   * memory, for decoding MGS candidates concurrently.
   */
  @Override
  public Gpt2Model replicate() {
    return replicate(manager.getDevice());
  }

  /**
   * An inference-only copy on {@code device} (another GPU, say), in a manager of its own there: its parameters
   * and every array its decoding creates live on that device.
   */
  @Override
  public Gpt2Model replicate(Device device) {
    Gpt2WeightSource current =
        (name, shape, m) -> {
          NDArray copy = m.create(shape, DataType.FLOAT32);
          TrainableParameters.copyInto(copy, parameters.get(name).getArray());
          return copy;
        };
    Gpt2Model replica;
    NDManager replicaManager = NDManager.newBaseManager(device);
    try {
      replica = new Gpt2Model(config, current, replicaManager);
    } catch (MalformedFileException e) {
      throw new IllegalStateException("copying a model's own parameters cannot fail", e);
    }
    for (Parameter p : replica.parameters.values()) {
      p.getArray().setRequiresGradient(false);
    }
    replica.mleTokens = mleTokens;
    replica.decodeStep = decodeStep;
    return replica;
  }

  /** The configuration. */
  public Gpt2Config config() {
    return config;
  }

  /** The parameters in Hugging Face order (a new list each call; the {@link Parameter}s are shared). */
  @Override
  public PairList<String, Parameter> parameters() {
    return new PairList<>(parameters.keys(), parameters.values());
  }

  @Override
  public int eosId() {
    return config.eosTokenId();
  }

  @Override
  public int vocabularySize() {
    return config.vocabSize();
  }

  /** {@code n_positions}. */
  @Override
  public int maxSequenceLength() {
    return config.nPositions();
  }

  /**
   * The logits at every position of one unpadded sequence, in evaluation mode.
   *
   * @param manager the owner of the result and intermediates
   * @param ids the token ids, 1 to {@code n_positions} of them
   * @return float32 (ids.length, vocabulary)
   */
  public NDArray logits(NDManager manager, int[] ids) {
    Gpt2Inputs.validate(config, new int[][] {ids}, "sequence");
    if (ids.length > config.nPositions()) {
      throw new IllegalArgumentException(
          "sequence of " + ids.length + " tokens exceeds n_positions = " + config.nPositions());
    }
    long length = ids.length;
    NDArray input = manager.create(ids).toType(DataType.INT64, false).reshape(1, length);
    NDArray positions = manager.arange(0, length, 1, DataType.INT64).reshape(1, length);
    NDArray h = hidden(input, positions, Gpt2Attention.causalBias(manager, 0, length), null, false);
    return lmHead(h.reshape(length, config.nEmbd()));
  }

  /**
   * Whether incremental decoding runs each step as one call of a TorchScript module (true, the default where the
   * PyTorch engine loads it) or operation by operation from Java (false). Both compute the same operations in the
   * same order with the same kernels and decode the same tokens; the first saves about thirty engine calls per
   * block and token.
   *
   * @param scripted true for the scripted step where available, false for the NDArray step
   * @return this model
   */
  public Gpt2Model scriptedDecoding(boolean scripted) {
    this.decodeStep = scripted ? Gpt2DecodeStep.automatic() : Gpt2DecodeStep.NdArrayDecodeStep.INSTANCE;
    return this;
  }

  /** Whether decoding steps run as one TorchScript call (see {@link #scriptedDecoding(boolean)}). */
  public boolean scriptedDecoding() {
    return decodeStep instanceof ScriptedDecodeStep;
  }

  /** The tokens {@link #mleLoss} covers ({@link MleTokens#AFTER_FIRST} unless set). */
  public MleTokens mleTokens() {
    return mleTokens;
  }

  /**
   * Sets the tokens {@link #mleLoss} covers, for MLE training and MGS's MLE gradient alike; decoding and
   * {@link #continuationLogProbability} are unaffected.
   *
   * @return this model
   */
  public Gpt2Model mleTokens(MleTokens tokens) {
    this.mleTokens = Objects.requireNonNull(tokens, "tokens");
    return this;
  }

  /** The tokens {@link #mleLoss} covers, as {@code mle_tokens}: a resume with the other choice is refused. */
  @Override
  public Map<String, String> trainingIdentity() {
    return Map.of("mle_tokens", mleTokens.name());
  }

  /**
   * The mean token NLL of the batch over the tokens {@link #mleTokens()} names: the continuation, or every
   * token of {@code context ++ target} after the first (the same forward pass; only the scored positions
   * differ).
   */
  @Override
  public NDArray mleLoss(NDManager manager, Batch batch, boolean training) {
    int[][] prefixes = batch.contexts();
    int[][] suffixes = batch.targets();
    if (mleTokens == MleTokens.AFTER_FIRST) {
      Gpt2Inputs.validate(config, prefixes, "context");
      int[][] firsts = new int[prefixes.length][];
      int[][] rests = new int[prefixes.length][];
      for (int i = 0; i < prefixes.length; i++) {
        firsts[i] = new int[] {prefixes[i][0]};
        rests[i] = new int[prefixes[i].length - 1 + suffixes[i].length];
        System.arraycopy(prefixes[i], 1, rests[i], 0, prefixes[i].length - 1);
        System.arraycopy(suffixes[i], 0, rests[i], prefixes[i].length - 1, suffixes[i].length);
      }
      prefixes = firsts;
      suffixes = rests;
    }
    Gpt2Inputs.Scoring scoring = Gpt2Inputs.scoring(manager, config, prefixes, suffixes);
    return targetLogProbabilities(manager, scoring, training).mean().neg();
  }

  @Override
  public double[] continuationLogProbability(
      NDManager manager, int[][] contexts, int[][] continuations) {
    double[] sums = new double[contexts.length];
    try (NDManager scope = manager.newSubManager();
        NDScope arrays = new NDScope()) {
      arrays.suppressNotUsedWarning();
      Gpt2Inputs.Scoring scoring = Gpt2Inputs.scoring(scope, config, contexts, continuations);
      float[] perToken = targetLogProbabilities(scope, scoring, false).toFloatArray();
      int[] rows = scoring.rowOfTarget();
      for (int n = 0; n < perToken.length; n++) {
        sums[rows[n]] += perToken[n];
      }
    }
    return sums;
  }

  /**
   * The summed log-probability of every continuation, differentiable: the per-target log-probabilities of the
   * scoring layout (as {@link #mleLoss} computes them), taken into a (rows × longest continuation) array padded
   * with a zero and summed per row.
   */
  @Override
  public NDArray sequenceLogProbability(
      NDManager manager, int[][] contexts, int[][] continuations, boolean training) {
    Gpt2Inputs.Scoring scoring = Gpt2Inputs.scoring(manager, config, contexts, continuations);
    NDArray perToken = targetLogProbabilities(manager, scoring, training);
    int targets = scoring.rowOfTarget().length;
    int longest = 0;
    for (int[] c : continuations) {
      longest = Math.max(longest, c.length);
    }
    long[] index = new long[continuations.length * longest];
    Arrays.fill(index, targets);
    int n = 0;
    for (int i = 0; i < continuations.length; i++) {
      for (int t = 0; t < continuations[i].length; t++) {
        index[i * longest + t] = n++;
      }
    }
    NDArray padded = perToken.concat(manager.zeros(new Shape(1)));
    return padded.take(manager.create(index, new Shape(continuations.length, longest))).sum(new int[] {1});
  }

  @Override
  public DecodingSession startDecoding(NDManager manager, int[][] contexts) {
    return Gpt2DecodingSession.start(this, manager, contexts);
  }

  /** Releases the parameters. */
  @Override
  public void close() {
    manager.close();
  }

  /** {@code log p(target)} at every target of a scoring layout: (N). */
  private NDArray targetLogProbabilities(
      NDManager manager, Gpt2Inputs.Scoring scoring, boolean training) {
    long width = scoring.width();
    NDArray positions = manager.arange(0, width, 1, DataType.INT64).reshape(1, width);
    NDArray h =
        hidden(
            scoring.ids(), positions, Gpt2Attention.causalBias(manager, 0, width), null, training);
    NDArray flat = h.reshape(-1, config.nEmbd());
    NDArray atTargets = flat.get(scoring.targetIndex());
    NDArray logits = lmHead(atTargets);
    NDArray logProbabilities = logits.logSoftmax(-1);
    Gpt2Ops.release(h, flat, atTargets, logits);
    NDArray picked = logProbabilities.gather(scoring.targetIds().reshape(-1, 1), 1);
    Gpt2Ops.release(logProbabilities);
    return picked.reshape(-1);
  }

  /**
   * The final hidden states (after {@code ln_f}).
   *
   * @param ids (B, T) int64 token ids
   * @param positions int64 position ids broadcastable to (B, T)
   * @param bias the additive attention mask broadcastable to (B, heads, T, keys), or null
   * @param cache the KV cache to extend, or null
   * @param training whether dropout is on
   * @return (B, T, E), owned by the manager of {@code ids}
   */
  NDArray hidden(
      NDArray ids, NDArray positions, NDArray bias, Gpt2KvCache cache, boolean training) {
    NDArray tokens = Embedding.embedding(ids, wte.getArray(), SparseFormat.COO).singletonOrThrow();
    NDArray where =
        Embedding.embedding(positions, wpe.getArray(), SparseFormat.DENSE).singletonOrThrow();
    NDArray x = Gpt2Ops.dropout(tokens.add(where), config.embdPdrop(), training);
    Gpt2Ops.release(tokens, where);
    for (Gpt2Block block : blocks) {
      NDArray next = block.forward(x, bias, cache, training);
      Gpt2Ops.release(x);
      x = next;
    }
    NDArray h = Gpt2Ops.layerNorm(x, lnFWeight.getArray(), lnFBias.getArray(), config.layerNormEpsilon());
    Gpt2Ops.release(x);
    return h;
  }

  /** The tied LM head: {@code h · wteᵀ}, (..., E) to (..., vocabulary). */
  NDArray lmHead(NDArray h) {
    return Linear.linear(h, wte.getArray()).singletonOrThrow();
  }

  /** The parameter arrays in Hugging Face order. */
  NDArray[] parameterArrays() {
    NDArray[] arrays = new NDArray[parameters.size()];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = parameters.valueAt(i).getArray();
    }
    return arrays;
  }

  /** How incremental decoding computes a step. */
  Gpt2DecodeStep decodeStep() {
    return decodeStep;
  }

  /** The operations and their constants. */
  Gpt2Ops ops() {
    return ops;
  }

  /** A new empty KV cache whose arrays belong to {@code owner}. */
  Gpt2KvCache newCache(NDManager owner) {
    return new Gpt2KvCache(owner, config.nLayer());
  }
}
