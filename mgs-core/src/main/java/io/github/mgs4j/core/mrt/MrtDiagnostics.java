package io.github.mgs4j.core.mrt;

import io.github.mgs4j.core.sequence.SequenceLevelDiagnostics;

/**
 * What one minimum-risk step measured.
 *
 * @param step the step index
 * @param risk the risk R = mean over examples of E_q[c] before the update
 * @param meanSampleLoss the mean task loss of the decoded candidates (reference excluded)
 * @param sampleLossVariance their variance (÷ n)
 * @param candidatesPerExample the mean size of S (after deduplication)
 * @param effectiveCandidates the mean over examples of 1 / Σ q²: how many candidates q effectively weighs
 * @param referenceWeight the mean q(Y*) (NaN when the reference is not in S)
 * @param mleLoss the token-level MLE loss of the batch (NaN when the MLE weight is 0)
 * @param gradientNorm the gradient's L2 norm before clipping
 * @param decodedTokens tokens generated to draw the candidates
 * @param seconds the wall time of the step
 */
public record MrtDiagnostics(
    long step,
    double risk,
    double meanSampleLoss,
    double sampleLossVariance,
    double candidatesPerExample,
    double effectiveCandidates,
    double referenceWeight,
    double mleLoss,
    double gradientNorm,
    long decodedTokens,
    double seconds) implements SequenceLevelDiagnostics {}
