/**
 * What the sequence-level objectives ({@link io.github.mgs4j.core.mrt minimum risk training},
 * {@link io.github.mgs4j.core.pg policy gradient}) share: {@link io.github.mgs4j.core.sequence.SequenceSampler}
 * draws a set of continuations per example (seeded ancestral samples, optionally beam n-best and the reference)
 * and scores each with the task loss into {@link io.github.mgs4j.core.sequence.SampledSequences};
 * {@link io.github.mgs4j.core.sequence.SequenceLevelStep} backpropagates a differentiable objective built
 * from {@link io.github.mgs4j.core.model.SequenceModel#sequenceLogProbability}, clips the gradient and hands it to
 * the optimizer; {@link io.github.mgs4j.core.sequence.SequenceLevelDiagnostics} is what both steps report, and
 * {@link io.github.mgs4j.core.sequence.SequenceObjectiveConfig} the settings both configurations share (clipping,
 * dropout, decode length, optimizer); {@link io.github.mgs4j.core.sequence.ObjectiveTrainer} runs such a step in
 * the shared training loop.
 */
package io.github.mgs4j.core.sequence;
