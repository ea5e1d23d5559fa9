/**
 * METEOR with NLTK's {@code meteor_score} semantics: greedy exact, Porter-stem and WordNet-3.0 synonym
 * stages, NLTK's Porter stemmer (NLTK_EXTENSIONS mode) and {@code morphy} lookup, reproduced bit for bit.
 */
package io.github.mgs4j.losses.meteor;
