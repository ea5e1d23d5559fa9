/** Task losses and text metrics for MGS: sentence-BLEU, METEOR, edit distance and LM score. */
package io.github.mgs4j.losses;
