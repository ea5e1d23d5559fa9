/**
 * GPT-2 written directly against DJL {@code NDArray} operations, trainable in Java and interchangeable with
 * Hugging Face checkpoints.
 *
 * <ul>
 *   <li>{@link io.github.mgs4j.examples.gpt2.Gpt2Config}: the supported subset of a transformers
 *       {@code config.json}.
 *   <li>{@link io.github.mgs4j.examples.gpt2.Gpt2Model}: the parameters (HF names, Conv1D layout) and the
 *       {@link io.github.mgs4j.core.model.SequenceModel} implementation (MLE loss, scoring, decoding).
 *   <li>{@link io.github.mgs4j.examples.gpt2.Gpt2DecodingSession}: batched KV-cached incremental decoding with
 *       left padding.
 *   <li>{@link io.github.mgs4j.examples.gpt2.Gpt2Checkpoint}: reading and writing {@code config.json} +
 *       {@code model.safetensors} directories that transformers' {@code GPT2LMHeadModel} loads; errors are
 *       {@link io.github.mgs4j.examples.gpt2.Gpt2CheckpointException}s naming the file and field or tensor.
 * </ul>
 */
package io.github.mgs4j.examples.gpt2;
