/**
 * Policy gradient (REINFORCE), the other sequence-level baseline MGS is compared with: K ancestral samples per
 * example, each weighted by its task loss minus the mean loss of the example's other samples, through the score
 * function ∇log p_θ(Ŷ|X). {@link io.github.mgs4j.core.pg.PolicyGradientTrainer} runs it in the shared
 * {@link io.github.mgs4j.core.train.TrainingLoop}.
 */
package io.github.mgs4j.core.pg;
