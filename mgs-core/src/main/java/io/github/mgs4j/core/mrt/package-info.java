/**
 * Minimum risk training (Shen et al. 2016; the MGS paper's eq. (6)–(7)), the sequence-level baseline MGS is
 * compared with: per example a candidate set S, the distribution q(Ŷ) ∝ p_θ(Ŷ|X)^α renormalised over S, the risk
 * E_q[c(Ŷ, Y)] and its exact gradient by autograd. {@link io.github.mgs4j.core.mrt.MrtTrainer} runs it in the shared
 * {@link io.github.mgs4j.core.train.TrainingLoop}.
 */
package io.github.mgs4j.core.mrt;
