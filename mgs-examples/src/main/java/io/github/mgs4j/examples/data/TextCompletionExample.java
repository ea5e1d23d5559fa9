package io.github.mgs4j.examples.data;

/**
 * One text-completion example: the first {@link TextCompletionDataset#CONTEXT_TOKENS} tokens of a passage
 * as context, the rest of it plus EOS as target.
 *
 * @param context the prefix
 * @param target the continuation, ending with EOS
 */
public record TextCompletionExample(int[] context, int[] target) {}
