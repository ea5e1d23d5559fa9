package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.github.mgs4j.core.io.MalformedFileException;

/**
 * The feed-forward sub-layer of a Marian layer with its residual connection and post-LayerNorm:
 * {@code LN(x + dropout(fc2(dropout_act(act(fc1(x))))))}.
 */
final class MarianFeedForward {
  private final Parameter[] fc1;
  private final Parameter[] fc2;
  private final Parameter[] norm;
  private final MarianActivation activation;
  private final double dropout;
  private final double activationDropout;

  MarianFeedForward(MarianParameters factory, String prefix, MarianConfig config, int ffnDim)
      throws MalformedFileException {
    this.fc1 = factory.linear(prefix + ".fc1", config.dModel(), ffnDim);
    this.fc2 = factory.linear(prefix + ".fc2", ffnDim, config.dModel());
    this.norm = factory.layerNorm(prefix + ".final_layer_norm", config.dModel());
    this.activation = config.activation();
    this.dropout = config.dropout();
    this.activationDropout = config.activationDropout();
  }

  /** The sub-layer's output for {@code x} (B, T, d); {@code x} stays open. */
  NDArray forward(NDArray x, boolean training) {
    NDArray hidden = MarianOps.linear(x, fc1[0].getArray(), fc1[1].getArray());
    NDArray activated = MarianOps.dropout(activation.apply(hidden), activationDropout, training);
    MarianOps.release(hidden);
    NDArray projected = MarianOps.dropout(
        MarianOps.linear(activated, fc2[0].getArray(), fc2[1].getArray()), dropout, training);
    MarianOps.release(activated);
    return residualNorm(x, projected, norm);
  }

  /**
   * {@code LN(residual + branch)}, Marian's post-norm residual connection; releases {@code branch}.
   *
   * @param residual the sub-layer's input
   * @param branch the sub-layer's output, dropout already applied
   * @param norm the LayerNorm's gain and bias
   * @return (B, T, d)
   */
  static NDArray residualNorm(NDArray residual, NDArray branch, Parameter[] norm) {
    NDArray sum = residual.add(branch);
    NDArray normed = MarianOps.layerNorm(sum, norm[0].getArray(), norm[1].getArray());
    MarianOps.release(branch, sum);
    return normed;
  }
}
