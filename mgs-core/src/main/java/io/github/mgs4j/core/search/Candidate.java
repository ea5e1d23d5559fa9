package io.github.mgs4j.core.search;

/**
 * One candidate direction Δ_k of a step, as fully as anyone needs to know it: its index k, the seed of its
 * noise and its mixture component. {@code Δ_k = σ ⊙ n(seed) − [fromMle]·∇L}, where σ and the clipped MLE
 * gradient ∇L are functions of θ, the batch and the step, so whoever holds those three can draw Δ_k again from
 * this record alone, bit for bit.
 *
 * @param index k, from 0
 * @param seed the seed of its standard normals ({@code SeedStream.seed("noise", step, k)})
 * @param fromMle whether it is drawn from the component centred on −∇L (else from the one centred on 0)
 */
public record Candidate(int index, long seed, boolean fromMle) {}
