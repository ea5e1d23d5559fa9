package io.github.mgs4j.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.ReplicableModel;
import java.util.Objects;

/**
 * A view of a model whose decoders never see EOS ({@link #eosId()} is −1), so every decode runs to its length
 * limit. For timing only: on a randomly initialised model a few MGS updates can make EOS the argmax, and a
 * benchmark whose decodes stop after one token measures nothing; the Python peer's {@code --ignore-eos}
 * does the same to {@code generate}. Everything else, parameters included, is the wrapped model's.
 */
final class FullLengthModel implements ReplicableModel {
  private final ReplicableModel model;

  FullLengthModel(ReplicableModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /** A full-length view of a replica of the wrapped model. */
  @Override
  public FullLengthModel replicate() {
    return new FullLengthModel(model.replicate());
  }

  /** Closes the wrapped model. */
  @Override
  public void close() {
    model.close();
  }

  @Override
  public PairList<String, Parameter> parameters() {
    return model.parameters();
  }

  @Override
  public NDArray mleLoss(NDManager manager, Batch batch, boolean training) {
    return model.mleLoss(manager, batch, training);
  }

  @Override
  public DecodingSession startDecoding(NDManager manager, int[][] contexts) {
    return model.startDecoding(manager, contexts);
  }

  @Override
  public double[] continuationLogProbability(NDManager manager, int[][] contexts, int[][] continuations) {
    return model.continuationLogProbability(manager, contexts, continuations);
  }

  /** −1: no token is EOS. */
  @Override
  public int eosId() {
    return -1;
  }

  @Override
  public int vocabularySize() {
    return model.vocabularySize();
  }
}
