package io.github.mgs4j.core.model;

import ai.djl.Device;

/**
 * A model that can make independent copies of itself, so MGS can decode several candidates at once (see
 * {@code io.github.mgs4j.core.execution.Evaluators#replicas}).
 *
 * <p>A replica has the same architecture and parameter names, holds a copy of the current parameter values in
 * its own native memory, and is used for decoding and scoring only: its parameters must not require gradients,
 * so decoding on a worker thread records no autograd graph. MGS writes candidate parameters into a replica in
 * place and reads them back; it closes every replica it made.
 */
public interface ReplicableModel extends SequenceModel, AutoCloseable {

  /**
   * A new inference-only copy of this model with the current parameter values.
   *
   * @return the replica, owned by the caller
   */
  ReplicableModel replicate();

  /**
   * A new inference-only copy of this model on {@code device}, for spreading candidates over several devices
   * (see {@code MgsConfig.Builder#replicaDevices}). The default makes copies on the model's own device only;
   * a model whose arrays can live elsewhere overrides it.
   *
   * @param device where the replica's parameters and computations live
   * @return the replica, owned by the caller
   * @throws UnsupportedOperationException if the model cannot place a replica on {@code device}
   */
  default ReplicableModel replicate(Device device) {
    Device own = parameters().get(0).getValue().getArray().getDevice();
    if (own.equals(device)) {
      return replicate();
    }
    throw new UnsupportedOperationException(getClass().getName() + " makes replicas on its own device ("
        + own + ") only; override replicate(Device) to place one on " + device);
  }

  /** Releases the model's native memory. */
  @Override
  void close();
}
