/**
 * The example's data: the bundled State of the Union text-completion splits and the byte-level BPE
 * tokenizer (DJL Hugging Face tokenizers, no truncation).
 */
package io.github.mgs4j.examples.data;
