/**
 * Corpus-level metrics and significance with sacrebleu 2.6.0's semantics: {@link
 * io.github.mgs4j.losses.corpus.CorpusBleu} ({@code BLEU}), {@link io.github.mgs4j.losses.corpus.Chrf}
 * ({@code chrF2}, {@code chrF2++}) and {@link io.github.mgs4j.losses.corpus.PairedBootstrap} (paired bootstrap
 * resampling with numpy's {@code default_rng} stream reproduced, so resamples, means, intervals and p-values
 * equal sacrebleu's).
 */
package io.github.mgs4j.losses.corpus;
