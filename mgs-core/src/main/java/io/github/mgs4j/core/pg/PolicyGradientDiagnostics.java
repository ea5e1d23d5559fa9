package io.github.mgs4j.core.pg;

import io.github.mgs4j.core.sequence.SequenceLevelDiagnostics;

/**
 * What one policy-gradient step measured.
 *
 * @param step the step index
 * @param meanSampleLoss the mean task loss of the samples: an unbiased estimate of J(θ) before the update
 * @param sampleLossVariance their variance (÷ n)
 * @param meanAbsoluteAdvantage the mean |c'_k − b_k|: how much signal the baseline leaves
 * @param entropy the mean −log p_θ(Ŷ|X) of the samples: an estimate of the sequence entropy
 * @param gradientNorm the gradient's L2 norm before clipping
 * @param decodedTokens tokens generated to draw the samples
 * @param seconds the wall time of the step
 */
public record PolicyGradientDiagnostics(
    long step,
    double meanSampleLoss,
    double sampleLossVariance,
    double meanAbsoluteAdvantage,
    double entropy,
    double gradientNorm,
    long decodedTokens,
    double seconds) implements SequenceLevelDiagnostics {}
