/**
 * MLE-guided parameter search itself: {@link io.github.mgs4j.core.search.MgsStep}, one step of Algorithm 1,
 * its hyper-parameters ({@link io.github.mgs4j.core.search.MgsConfig}), the proposal (components, noise scale,
 * density), log-space importance weights and the step's diagnostics; and the contract of the candidate
 * evaluators ({@link io.github.mgs4j.core.search.CandidateEvaluator}, {@link
 * io.github.mgs4j.core.search.CandidateSearch}) that {@link io.github.mgs4j.core.execution} implements.
 */
package io.github.mgs4j.core.search;
