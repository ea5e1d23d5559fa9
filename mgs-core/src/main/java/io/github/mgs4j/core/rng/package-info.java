/** Reproducible random streams derived from one seed per run. */
package io.github.mgs4j.core.rng;
