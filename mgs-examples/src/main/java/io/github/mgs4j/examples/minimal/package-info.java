/**
 * The smallest complete {@link io.github.mgs4j.core.model.SequenceModel}: a GRU language model written with
 * plain DJL array operations, to copy when bringing your own model to mgs4j.
 */
package io.github.mgs4j.examples.minimal;
