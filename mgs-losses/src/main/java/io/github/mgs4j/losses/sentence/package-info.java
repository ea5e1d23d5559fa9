/**
 * Sentence-level scoring of many pairs at once: {@link io.github.mgs4j.losses.sentence.SentenceScorer} computes
 * any set of the ten {@link io.github.mgs4j.losses.sentence.SentenceMetric}s (sacreBLEU with four smoothings,
 * NLTK BLEU method 1, NLTK METEOR, token and character Levenshtein) per pair, sharing tokenization, and scores
 * whole lists in parallel.
 */
package io.github.mgs4j.losses.sentence;
