package io.github.mgs4j.core.train;

/**
 * What one MLE step measured.
 *
 * @param step the step index
 * @param mleLoss the mean token NLL of the batch before the update
 * @param gradientNorm the gradient's L2 norm before clipping
 * @param seconds the wall time of the step
 */
public record MleStepDiagnostics(long step, double mleLoss, double gradientNorm, double seconds) {}
