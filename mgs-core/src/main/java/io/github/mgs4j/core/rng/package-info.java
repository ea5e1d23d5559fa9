/**
 * Reproducible random streams derived from one seed per run ({@link io.github.mgs4j.core.rng.SeedStream}); the
 * candidates' noise drawn from them is {@link io.github.mgs4j.core.runtime.GaussianNoise}.
 */
package io.github.mgs4j.core.rng;
