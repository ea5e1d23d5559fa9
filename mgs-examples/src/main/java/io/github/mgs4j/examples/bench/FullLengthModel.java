package io.github.mgs4j.examples.bench;

import ai.djl.Device;
import io.github.mgs4j.core.model.ForwardingSequenceModel;
import io.github.mgs4j.core.model.ReplicableModel;

/**
 * A view of a model whose decoders never see EOS ({@link #eosId()} is −1), so every decode runs to its length
 * limit. For timing only: on a randomly initialised model a few MGS updates can make EOS the argmax, and a
 * benchmark whose decodes stop after one token measures nothing; the Python peer's {@code --ignore-eos}
 * does the same to {@code generate}. Everything else, parameters included, is the wrapped model's.
 */
final class FullLengthModel extends ForwardingSequenceModel implements ReplicableModel {
  private final ReplicableModel model;

  FullLengthModel(ReplicableModel model) {
    super(model);
    this.model = model;
  }

  /** −1: no token is EOS. */
  @Override
  public int eosId() {
    return -1;
  }

  /** A full-length view of a replica of the wrapped model. */
  @Override
  public FullLengthModel replicate() {
    return new FullLengthModel(model.replicate());
  }

  /** A full-length view of a replica of the wrapped model on {@code device}. */
  @Override
  public FullLengthModel replicate(Device device) {
    return new FullLengthModel(model.replicate(device));
  }

  /** Closes the wrapped model. */
  @Override
  public void close() {
    model.close();
  }
}
