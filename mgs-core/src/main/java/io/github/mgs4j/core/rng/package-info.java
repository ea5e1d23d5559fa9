/** Reproducible random streams derived from one seed per run, and the candidates' Gaussian noise drawn from them. */
package io.github.mgs4j.core.rng;
