/**
 * BLEU: sacrebleu's sentence and corpus BLEU (13a tokenizer, exp/floor/add-k/none smoothing, effective
 * order) and NLTK's {@code sentence_bleu} with {@code SmoothingFunction} methods 0–7, reproduced bit for bit.
 */
package io.github.mgs4j.losses.bleu;
