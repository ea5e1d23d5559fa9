package io.github.mgs4j.core.search;

/**
 * What evaluating one candidate yields: its pooled task loss C(θ + Δ_k) and the sufficient statistics of
 * Δ_k from which the step computes log q(Δ_k).
 *
 * @param candidate the candidate
 * @param statistics its statistics, as {@link CandidateSearch#perturb} measured them
 * @param loss C(θ + Δ_k)
 * @param decodedTokens the tokens its decode generated
 */
public record EvaluatedCandidate(
    Candidate candidate, CandidateStatistics statistics, double loss, long decodedTokens) {}
