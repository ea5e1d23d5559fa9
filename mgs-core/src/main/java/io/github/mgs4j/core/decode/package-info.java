/**
 * Decoding algorithms over a {@link io.github.mgs4j.core.model.SequenceModel}: greedy (MGS's training
 * default), beam search and seeded ancestral sampling, and the decode-length rule of the paper.
 */
package io.github.mgs4j.core.decode;
