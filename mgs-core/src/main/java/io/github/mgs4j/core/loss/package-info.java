/**
 * The task-loss abstraction MGS minimises. The real losses (sentence-BLEU, METEOR, edit distance, LM score)
 * live in the {@code mgs-losses} module.
 */
package io.github.mgs4j.core.loss;
