package io.github.mgs4j.core.model;

/**
 * A model that can make independent copies of itself, so MGS can decode several candidates at once (see
 * {@code MgsConfig.Builder#candidateReplicas}).
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

  /** Releases the model's native memory. */
  @Override
  void close();
}
