package io.github.mgs4j.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * A trainable neural sequence model as MGS sees it: named parameters, a differentiable token-level MLE
 * loss, incremental decoding, and sequence scoring (plain, and differentiable for sequence-level objectives).
 *
 * <p>Implementations keep their parameters in a manager they own. By default MGS perturbs those parameter
 * arrays <em>in place</em> and restores them bit for bit (with replicas, it writes a {@link ReplicableModel}'s
 * copies instead), so an implementation must read its parameters from {@link #parameters()} on every call and
 * must not cache derived copies of them.
 */
public interface SequenceModel {

  /**
   * The trainable parameters, in a fixed order, keyed by a unique stable name (used in checkpoints). Every
   * array must already be initialised and have gradients attached.
   */
  PairList<String, Parameter> parameters();

  /**
   * The token-level MLE loss of a batch: the mean negative log-likelihood over all non-padding target
   * tokens, each predicted from its context and the preceding target tokens. A model may offer to cover
   * other tokens too (e.g. the context's, as the GPT-2 authors' loss does); it then names that choice in
   * {@link #trainingIdentity()}. Called inside a DJL
   * {@code GradientCollector}; the result must be a scalar that backpropagates to {@link #parameters()}.
   *
   * @param manager the scope that owns every intermediate array
   * @param batch the batch
   * @param training whether training-time stochasticity (dropout) is on
   * @return a float32 scalar
   */
  NDArray mleLoss(NDManager manager, Batch batch, boolean training);

  /**
   * Starts incremental (cached) decoding after the given contexts, in evaluation mode.
   *
   * @param manager the scope that owns the session's state
   * @param contexts one non-empty context per row
   * @return a session positioned after the last context token of every row
   */
  DecodingSession startDecoding(NDManager manager, int[][] contexts);

  /**
   * The summed log-probability of each continuation given its context, {@code Σ_t log p(y_t | x, y_<t)}, in
   * evaluation mode and without gradients.
   *
   * @param manager the scope for intermediates
   * @param contexts one non-empty context per row
   * @param continuations one non-empty continuation per row
   * @return one summed log-probability per row (natural log)
   */
  double[] continuationLogProbability(NDManager manager, int[][] contexts, int[][] continuations);

  /**
   * The summed log-probability of each continuation given its context, Σ_t log p(y_t | x, y_<t), as a
   * differentiable float32 array of shape (rows): called inside a GradientCollector by sequence-level
   * objectives (minimum risk training, policy gradient).
   *
   * <p>The values must agree with {@link #continuationLogProbability} when {@code training} is false, and the
   * result must backpropagate to {@link #parameters()}. The default throws, so a model that is only trained
   * with MLE and MGS need not implement it.
   *
   * @param manager the scope for the result and intermediates
   * @param contexts one non-empty context per row
   * @param continuations one non-empty continuation per row
   * @param training whether training-time stochasticity (dropout) is on
   * @return float32 (rows), natural log
   * @throws UnsupportedOperationException if the model does not support sequence-level objectives
   */
  default NDArray sequenceLogProbability(
      NDManager manager, int[][] contexts, int[][] continuations, boolean training) {
    throw new UnsupportedOperationException(getClass().getName()
        + " does not implement sequenceLogProbability, which minimum risk training and policy gradient need");
  }

  /** The end-of-sequence token id. */
  int eosId();

  /** The vocabulary size; valid token ids are {@code 0 .. vocabularySize()-1}. */
  int vocabularySize();

  /**
   * The number of ids a context may use: {@link #vocabularySize()} for a decoder-only model, where the context
   * is the start of the same sequence; an encoder–decoder with separate source and target vocabularies (a
   * Marian model with its own {@code decoder_vocab_size}) returns its source vocabulary.
   */
  default int contextVocabularySize() {
    return vocabularySize();
  }

  /**
   * The longest sequence (context and continuation together) the model can process, e.g. GPT-2's
   * {@code n_positions}; decoders refuse, before any work, a decode that would exceed it. Unlimited by
   * default.
   */
  default int maxSequenceLength() {
    return Integer.MAX_VALUE;
  }

  /**
   * The model's own settings that change a training run's trajectory beyond its parameters (e.g. which
   * tokens {@link #mleLoss} covers), as named fields: a checkpoint's run identity records them, so that a
   * resume with another setting is refused. None by default.
   */
  default Map<String, String> trainingIdentity() {
    return Map.of();
  }
}
