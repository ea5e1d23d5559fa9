package io.github.mgs4j.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link SequenceModel} that forwards every call to another one; subclasses override what they change
 * (for example the EOS id a decoder sees, or logging around decoding). The wrapped model's parameters are the
 * wrapper's parameters, so MGS trains the wrapped model.
 */
public abstract class ForwardingSequenceModel implements SequenceModel {
  private final SequenceModel delegate;

  /**
   * Wraps a model.
   *
   * @param delegate the model every call goes to
   */
  protected ForwardingSequenceModel(SequenceModel delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The wrapped model. */
  protected SequenceModel delegate() {
    return delegate;
  }

  @Override
  public PairList<String, Parameter> parameters() {
    return delegate.parameters();
  }

  @Override
  public NDArray mleLoss(NDManager manager, Batch batch, boolean training) {
    return delegate.mleLoss(manager, batch, training);
  }

  @Override
  public DecodingSession startDecoding(NDManager manager, int[][] contexts) {
    return delegate.startDecoding(manager, contexts);
  }

  @Override
  public double[] continuationLogProbability(NDManager manager, int[][] contexts, int[][] continuations) {
    return delegate.continuationLogProbability(manager, contexts, continuations);
  }

  @Override
  public NDArray sequenceLogProbability(
      NDManager manager, int[][] contexts, int[][] continuations, boolean training) {
    return delegate.sequenceLogProbability(manager, contexts, continuations, training);
  }

  @Override
  public int eosId() {
    return delegate.eosId();
  }

  @Override
  public int vocabularySize() {
    return delegate.vocabularySize();
  }

  @Override
  public int contextVocabularySize() {
    return delegate.contextVocabularySize();
  }

  @Override
  public int maxSequenceLength() {
    return delegate.maxSequenceLength();
  }

  @Override
  public Map<String, String> trainingIdentity() {
    return delegate.trainingIdentity();
  }
}
