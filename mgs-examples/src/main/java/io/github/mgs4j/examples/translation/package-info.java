/**
 * Machine translation with MGS (the paper's §5.2): {@link io.github.mgs4j.examples.translation.MarianModel}, an
 * encoder–decoder Transformer that is Hugging Face's {@code MarianMTModel} (checkpoints read and written by
 * {@link io.github.mgs4j.examples.translation.MarianCheckpoint}, cached batched decoding through the core
 * {@code SequenceModel} SPI), the bundled Spanish–English Bible corpus and its BPE tokenizer, and the Table 4
 * experiment.
 */
package io.github.mgs4j.examples.translation;
