package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.util.PairList;
import io.github.mgs4j.core.io.MalformedFileException;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hugging Face's {@code MarianMTModel} computed with DJL {@code NDArray} operations: the encoder–decoder
 * Transformer of every Helsinki-NLP opus-mt model and of fairseq's {@code transformer_iwslt_de_en}. Token
 * embeddings (optionally times {@code sqrt(d_model)}) plus fixed sinusoidal positions, post-LayerNorm encoder
 * and decoder layers, an LM head tied to the decoder embedding (or separate) plus {@code final_logits_bias}.
 *
 * <p>As a {@link SequenceModel} the context of a row is its source sentence (ending with EOS, as Marian's
 * tokenizer writes it) and the target its translation (ending with EOS); the decoder starts from
 * {@code decoder_start_token_id}. {@link #startDecoding} runs the encoder once for the whole batch and computes
 * every layer's cross-attention keys and values once; each step then runs the decoder on one token per row
 * against a per-layer self-attention cache.
 *
 * <p>Parameters are DJL {@link Parameter}s named as in transformers' files ({@code model.shared.weight},
 * {@code model.encoder.layers.0.self_attn.q_proj.weight}, ...), float32 with gradients attached, owned by the
 * model's manager ({@link #close()} releases them). {@code final_logits_bias} is a buffer in transformers and a
 * constant here (read and written, never trained). Every call reads the parameter arrays afresh, so MGS's
 * in-place perturbations are always seen. Dropout applies only when {@code training} is true; label smoothing
 * ({@link #labelSmoothing(double)}) only to the training MLE loss.
 */
public final class MarianModel implements SequenceModel, AutoCloseable {
  private final MarianConfig config;
  private final NDManager manager;
  private final MarianOps ops;
  private final PairList<String, Parameter> parameters = new PairList<>();
  private final Parameter encoderEmbedding;
  private final Parameter decoderEmbedding;
  private final Parameter lmHead;
  private final NDArray finalLogitsBias;
  private final NDArray logitsBias;
  private final NDArray positions;
  private final List<MarianEncoderLayer> encoderLayers = new ArrayList<>();
  private final List<MarianDecoderLayer> decoderLayers = new ArrayList<>();
  private volatile double labelSmoothing;

  /**
   * Creates a model whose tensors come from {@code source}.
   *
   * @throws MalformedFileException if the source cannot supply a tensor
   */
  MarianModel(MarianConfig config, MarianWeightSource source) throws MalformedFileException {
    this.config = config;
    this.manager = NDManager.newBaseManager();
    try {
      this.ops = new MarianOps(manager, config);
      MarianParameters factory = new MarianParameters(source, manager, parameters);
      long d = config.dModel();
      if (config.shareEncoderDecoderEmbeddings()) {
        encoderEmbedding = factory.create("model.shared.weight", Parameter.Type.WEIGHT, config.vocabSize(), d);
      } else {
        encoderEmbedding =
            factory.create("model.encoder.embed_tokens.weight", Parameter.Type.WEIGHT, config.vocabSize(), d);
      }
      for (int i = 0; i < config.encoderLayers(); i++) {
        encoderLayers.add(new MarianEncoderLayer(factory, config, i));
      }
      decoderEmbedding = config.shareEncoderDecoderEmbeddings()
          ? encoderEmbedding
          : factory.create("model.decoder.embed_tokens.weight", Parameter.Type.WEIGHT, config.decoderVocabSize(), d);
      for (int i = 0; i < config.decoderLayers(); i++) {
        decoderLayers.add(new MarianDecoderLayer(factory, config, i));
      }
      lmHead = config.tieWordEmbeddings()
          ? decoderEmbedding
          : factory.create("lm_head.weight", Parameter.Type.WEIGHT, config.decoderVocabSize(), d);
      finalLogitsBias = factory.constant("final_logits_bias", 1, config.decoderVocabSize());
      logitsBias = finalLogitsBias.reshape(config.decoderVocabSize());
      positions = manager.create(
          SinusoidalPositions.table(config.maxPositionEmbeddings(), config.dModel()),
          new Shape(config.maxPositionEmbeddings(), d));
    } catch (MalformedFileException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * A randomly initialised model, as transformers initialises Marian: linear weights and token embeddings
   * ~ N(0, {@code init_std}²) (the padding row of each embedding 0), biases 0, LayerNorm gains 1,
   * {@code final_logits_bias} 0. The values depend only on the seed and the tensor name.
   *
   * @param config the configuration
   * @param seed the random seed
   * @return the model (the caller closes it)
   */
  public static MarianModel randomInit(MarianConfig config, long seed) {
    MarianWeightSource random = (name, shape, m) -> {
      if (name.endsWith(".bias") || name.equals("final_logits_bias")) {
        return m.zeros(shape, DataType.FLOAT32);
      }
      if (name.contains("layer_norm")) {
        return m.ones(shape, DataType.FLOAT32);
      }
      SplittableRandom rng = new SplittableRandom(seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L));
      float[] values = new float[Math.toIntExact(shape.size())];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (rng.nextGaussian() * config.initStd());
      }
      if (name.contains("embed_tokens") || name.equals("model.shared.weight")) {
        int width = (int) shape.get(1);
        if (config.padTokenId() < shape.get(0)) {
          java.util.Arrays.fill(values, config.padTokenId() * width, (config.padTokenId() + 1) * width, 0f);
        }
      }
      return m.create(values, shape);
    };
    try {
      return new MarianModel(config, random);
    } catch (MalformedFileException e) {
      throw new IllegalStateException("random initialisation cannot fail", e);
    }
  }

  /** The configuration. */
  public MarianConfig config() {
    return config;
  }

  /** The parameters in transformers' order (a new list each call; the {@link Parameter}s are shared). */
  @Override
  public PairList<String, Parameter> parameters() {
    return new PairList<>(parameters.keys(), parameters.values());
  }

  /** {@code final_logits_bias} (1, target vocabulary): not trained, saved with the model. */
  NDArray finalLogitsBias() {
    return finalLogitsBias;
  }

  /**
   * Sets the label smoothing ε of the training MLE loss: {@code (1 − ε)·NLL + ε·mean_v(−log p_v)} per target
   * token, PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)} (fairseq's model used 0.1). Scoring, decoding
   * and {@code mleLoss(..., false)} are never smoothed. Not part of the checkpoint.
   *
   * @param epsilon in [0, 1)
   * @return this model
   */
  public MarianModel labelSmoothing(double epsilon) {
    if (!(epsilon >= 0 && epsilon < 1)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + epsilon);
    }
    this.labelSmoothing = epsilon;
    return this;
  }

  @Override
  public int eosId() {
    return config.eosTokenId();
  }

  /** The target vocabulary ({@code decoder_vocab_size}): the ids the decoder scores and produces. */
  @Override
  public int vocabularySize() {
    return config.decoderVocabSize();
  }

  /** The source vocabulary ({@code vocab_size}). */
  @Override
  public int contextVocabularySize() {
    return config.vocabSize();
  }

  /**
   * Unlimited, the SPI's default: {@code maxSequenceLength} bounds context plus continuation, a decoder-only
   * notion. A Marian model bounds the source and the target separately by {@code max_position_embeddings}; it
   * checks both itself and names the row and length when one is too long.
   */
  @Override
  public int maxSequenceLength() {
    return Integer.MAX_VALUE;
  }

  /**
   * The logits at every target position of one pair (teacher forcing), in evaluation mode.
   *
   * @param manager the owner of the result
   * @param source the source ids
   * @param target the target ids (the decoder reads the start token then all but the last)
   * @return float32 (target.length, target vocabulary)
   */
  public NDArray logits(NDManager manager, int[] source, int[] target) {
    MarianInputs.Sources sources = MarianInputs.sources(manager, config, new int[][] {source});
    MarianInputs.Targets targets = MarianInputs.targets(manager, config, new int[][] {target});
    NDArray encoded = encode(sources, false);
    NDArray h = decodeAll(encoded, sources.bias(), targets.inputs(), false);
    return lmHead(h.reshape(target.length, config.dModel()));
  }

  @Override
  public NDArray mleLoss(NDManager manager, Batch batch, boolean training) {
    NDList perToken = targetLogProbabilities(manager, batch.contexts(), batch.targets(), training, training);
    NDArray picked = perToken.get(0);
    double epsilon = training ? labelSmoothing : 0;
    if (epsilon == 0) {
      return picked.mean().neg();
    }
    NDArray mixed = picked.mul((float) (1 - epsilon)).add(perToken.get(2).mul((float) epsilon));
    return mixed.mean().neg();
  }

  /**
   * {@code Σ_t log p(y_t | x, y_<t)} per row, differentiable when called inside a {@code GradientCollector}
   * (minimum risk training, policy gradient).
   *
   * @param manager the owner of the result and intermediates
   * @param contexts the sources
   * @param continuations the targets
   * @param training whether dropout is on
   * @return float32 (rows)
   */
  public NDArray sequenceLogProbability(
      NDManager manager, int[][] contexts, int[][] continuations, boolean training) {
    if (contexts.length != continuations.length) {
      throw new IllegalArgumentException(
          contexts.length + " sources but " + continuations.length + " targets");
    }
    NDList scored = targetLogProbabilities(manager, contexts, continuations, training, false);
    return scored.get(1).matMul(scored.get(0).reshape(-1, 1)).reshape(contexts.length);
  }

  @Override
  public double[] continuationLogProbability(NDManager manager, int[][] contexts, int[][] continuations) {
    double[] sums = new double[contexts.length];
    try (NDManager scope = manager.newSubManager();
        NDScope arrays = new NDScope()) {
      arrays.suppressNotUsedWarning();
      if (contexts.length != continuations.length) {
        throw new IllegalArgumentException(
            contexts.length + " sources but " + continuations.length + " targets");
      }
      float[] perToken = targetLogProbabilities(scope, contexts, continuations, false, false).get(0).toFloatArray();
      int n = 0;
      for (int b = 0; b < continuations.length; b++) {
        for (int t = 0; t < continuations[b].length; t++) {
          sums[b] += perToken[n++];
        }
      }
    }
    return sums;
  }

  @Override
  public DecodingSession startDecoding(NDManager manager, int[][] contexts) {
    return MarianDecodingSession.start(this, manager, contexts);
  }

  /** Releases the parameters and constants. */
  @Override
  public void close() {
    manager.close();
  }

  /**
   * {@code log p} of every target token, (N) in row-major target order; the (rows, N) matrix that sums them per
   * row; and, when {@code smoothing}, the mean {@code log p} over the vocabulary at each of those positions (N).
   */
  private NDList targetLogProbabilities(
      NDManager manager, int[][] contexts, int[][] targets, boolean training, boolean smoothing) {
    if (contexts.length != targets.length) {
      throw new IllegalArgumentException(contexts.length + " sources but " + targets.length + " targets");
    }
    MarianInputs.Sources sources = MarianInputs.sources(manager, config, contexts);
    MarianInputs.Targets layout = MarianInputs.targets(manager, config, targets);
    NDArray encoded = encode(sources, training);
    NDArray h = decodeAll(encoded, sources.bias(), layout.inputs(), training);
    MarianOps.release(encoded);
    NDArray flat = h.reshape(-1, config.dModel());
    NDArray atTargets = flat.get(layout.positions());
    NDArray logits = lmHead(atTargets);
    NDArray logProbabilities = logits.logSoftmax(-1);
    MarianOps.release(h, flat, atTargets, logits);
    NDArray picked = logProbabilities.gather(layout.labels().reshape(-1, 1), 1).reshape(-1);
    NDList out = new NDList(picked, layout.rowSum());
    if (smoothing && labelSmoothing > 0) {
      out.add(logProbabilities.mean(new int[] {1}));
    }
    MarianOps.release(logProbabilities);
    return out;
  }

  /**
   * The encoder output.
   *
   * @param sources the padded sources
   * @param training whether dropout is on
   * @return (B, S, d)
   */
  NDArray encode(MarianInputs.Sources sources, boolean training) {
    NDArray tokens = Embedding.embedding(sources.ids(), encoderEmbedding.getArray(), SparseFormat.COO)
        .singletonOrThrow();
    NDArray x = embed(tokens, positions.get(new NDIndex("0:{}", sources.width())), training);
    for (MarianEncoderLayer layer : encoderLayers) {
      NDArray next = layer.forward(x, sources.bias(), ops, training);
      MarianOps.release(x);
      x = next;
    }
    return x;
  }

  /** All decoder positions at once (teacher forcing): (B, T, d). */
  private NDArray decodeAll(NDArray encoded, NDArray sourceBias, NDArray inputs, boolean training) {
    long width = inputs.getShape().get(1);
    NDArray tokens = Embedding.embedding(inputs, decoderEmbedding.getArray(), SparseFormat.COO).singletonOrThrow();
    NDArray x = embed(tokens, positions.get(new NDIndex("0:{}", width)), training);
    NDArray causal = MarianInputs.causalBias(inputs.getManager(), width);
    for (MarianDecoderLayer layer : decoderLayers) {
      NDArray[] self = layer.selfKeysValues(x);
      NDArray[] cross = layer.crossKeysValues(encoded);
      NDArray next = layer.forward(x, self[0], self[1], causal, cross[0], cross[1], sourceBias, 1, ops, training);
      MarianOps.release(x, self[0], self[1], cross[0], cross[1]);
      x = next;
    }
    return x;
  }

  /**
   * One decoding step for every row: the new tokens at {@code position}, against the cache (extended here).
   *
   * @param tokens (B, 1) int64
   * @param position the decoder position of the new tokens (0 for the start token)
   * @param cache the session's cache
   * @return the next-token logits (B, target vocabulary)
   */
  NDArray decodeStep(NDArray tokens, int position, MarianDecoderCache cache) {
    NDArray embedded = Embedding.embedding(tokens, decoderEmbedding.getArray(), SparseFormat.COO).singletonOrThrow();
    NDArray x = embed(embedded, positions.get(new NDIndex("{}:{}", position, position + 1)), false);
    for (int l = 0; l < decoderLayers.size(); l++) {
      MarianDecoderLayer layer = decoderLayers.get(l);
      NDArray[] kv = cache.extend(l, layer.selfKeysValues(x));
      NDArray next = layer.forward(x, kv[0], kv[1], null, cache.crossKeys(l), cache.crossValues(l),
          cache.sourceBias(), cache.rowsPerSource(), ops, false);
      MarianOps.release(x);
      x = next;
    }
    return lmHead(x.reshape(-1, config.dModel()));
  }

  /** The cross-attention keys and values of every decoder layer for an encoder output. */
  NDArray[][] crossKeysValues(NDArray encoded) {
    NDArray[][] out = new NDArray[decoderLayers.size()][];
    for (int l = 0; l < out.length; l++) {
      out[l] = decoderLayers.get(l).crossKeysValues(encoded);
    }
    return out;
  }

  /** {@code h · headᵀ + final_logits_bias}: (..., d) to (..., target vocabulary). */
  private NDArray lmHead(NDArray h) {
    return MarianOps.linear(h, lmHead.getArray(), logitsBias);
  }

  /** {@code dropout(scale · tokens + positions)}; releases {@code tokens}. */
  private NDArray embed(NDArray tokens, NDArray where, boolean training) {
    NDArray scaled = ops.scaleEmbedding(tokens, config.scaleEmbedding());
    NDArray sum = scaled.add(where);
    MarianOps.release(scaled == tokens ? null : scaled, tokens, where);
    return MarianOps.dropout(sum, config.dropout(), training);
  }
}
