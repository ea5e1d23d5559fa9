package io.github.mgs4j.examples.experiment;

/**
 * One row of the paper's Table 1 for a set of continuations.
 *
 * @param model the row's name ({@code MLE}, {@code MGS-LM}, {@code MGS-edit}, {@code Human})
 * @param lm mean LM score −Σ log p_score of the continuation (up to and including EOS)
 * @param edit mean normalised edit distance to the human continuation (clipped at 1)
 * @param nonterm fraction of continuations without EOS
 * @param repetition mean repetition-4 (1 − unique 4-grams / 4-grams)
 * @param avgLen mean continuation length in tokens
 * @param perplexity the model's perplexity on the human continuations ({@code NaN} for the Human row)
 */
public record CompletionMetrics(
    String model, double lm, double edit, double nonterm, double repetition, double avgLen, double perplexity) {}
