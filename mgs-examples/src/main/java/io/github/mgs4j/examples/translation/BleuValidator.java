package io.github.mgs4j.examples.translation;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.train.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Model selection by corpus BLEU (the paper selects by validation BLEU with beam 5): translates the validation
 * sources and returns {@code −BLEU} (the loop minimises). Each BLEU is also handed to an optional listener
 * (training curves).
 */
public final class BleuValidator implements Validator {
  private final Translator translator;
  private final int[][] sources;
  private final List<String> references;
  private final TranslationTokenizer tokenizer;
  private final DoubleConsumer listener;

  /**
   * Creates the validator.
   *
   * @param translator how to translate (beam 5 in the paper)
   * @param data the validation pairs
   * @param tokenizer detokenizes the translations
   * @param listener receives each BLEU (may be null)
   */
  public BleuValidator(Translator translator, TranslationData data, TranslationTokenizer tokenizer,
      DoubleConsumer listener) {
    this.translator = translator;
    this.sources = data.sources();
    this.references = data.pairs().stream().map(ParallelCorpus.Pair::target).toList();
    this.tokenizer = tokenizer;
    this.listener = listener;
  }

  @Override
  public double validate(SequenceModel model, NDManager scope) {
    int[][] hypotheses = translator.translate(model, sources, null);
    List<String> texts = new ArrayList<>();
    for (int[] h : hypotheses) {
      texts.add(tokenizer.decode(h));
    }
    double bleu = TranslationMetrics.corpusBleu(texts, references);
    if (listener != null) {
      listener.accept(bleu);
    }
    return -bleu;
  }
}
