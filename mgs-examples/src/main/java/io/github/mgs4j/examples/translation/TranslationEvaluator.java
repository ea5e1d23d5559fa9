package io.github.mgs4j.examples.translation;

import io.github.mgs4j.core.decode.BeamSearchDecoder;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Evaluates a model as Table 4 does: corpus BLEU of beam-search translations (beam 5), and SBLEU, METEOR and
 * EDIT of greedy translations.
 *
 * @param tokenizer detokenizes translations
 * @param beam the beam width for BLEU
 * @param batchRows sources decoded together
 * @param cap the most new tokens (the model's positions)
 */
public record TranslationEvaluator(TranslationTokenizer tokenizer, int beam, int batchRows, int cap) {

  /**
   * An evaluation: the scores and the translations behind them.
   *
   * @param scores the four metrics
   * @param beamTranslations detokenized beam-search translations (BLEU's input), in data order
   * @param greedyTranslations detokenized greedy translations, in data order
   */
  public record Evaluation(TranslationMetrics.Scores scores, List<String> beamTranslations,
      List<String> greedyTranslations) {}

  /**
   * Evaluates the model on the data.
   *
   * @param model the model
   * @param data the pairs
   * @param progress called with the number of sources decoded so far, out of {@code 2 × data.size()} (may be
   *     null)
   */
  public Evaluation evaluate(SequenceModel model, TranslationData data, IntConsumer progress) {
    int n = data.size();
    int[][] sources = data.sources();
    int[][] beamIds = Translator.of(new BeamSearchDecoder(beam, 1.0), batchRows, cap).translate(model, sources,
        progress == null ? null : progress);
    int[][] greedyIds = Translator.of(new GreedyDecoder(), batchRows, cap).translate(model, sources,
        progress == null ? null : done -> progress.accept(n + done));
    List<String> references = data.pairs().stream().map(ParallelCorpus.Pair::target).toList();
    List<String> beamTexts = detokenize(beamIds);
    List<String> greedyTexts = detokenize(greedyIds);
    TranslationMetrics.Scores greedy =
        TranslationMetrics.score(greedyIds, data.targets(), greedyTexts, references, tokenizer.eosId());
    double bleu = TranslationMetrics.corpusBleu(beamTexts, references);
    return new Evaluation(new TranslationMetrics.Scores(bleu, greedy.sbleu(), greedy.meteor(), greedy.edit()),
        beamTexts, greedyTexts);
  }

  private List<String> detokenize(int[][] ids) {
    List<String> out = new ArrayList<>(ids.length);
    for (int[] row : ids) {
      out.add(tokenizer.decode(row));
    }
    return out;
  }
}
