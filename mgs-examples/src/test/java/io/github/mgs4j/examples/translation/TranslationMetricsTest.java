package io.github.mgs4j.examples.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Table 4's metrics composed as the authors computed them, against Python: sacrebleu 2.6
 * {@code corpus_bleu(hyps, [refs])} and NLTK 3.10 {@code sentence_bleu} with {@code method2} on sacrebleu's 13a
 * tokens.
 */
class TranslationMetricsTest {
  private static final List<String> HYPS =
      List.of("in the beginning god created the heaven and the earth.", "the earth was without form, and void.");
  private static final List<String> REFS =
      List.of("in the beginning, god created the heavens and the earth.", "the earth was formless and empty.");

  @Test
  void corpusAndSentenceBleuMatchPython() {
    assertEquals(30.24741837561101, TranslationMetrics.corpusBleu(HYPS, REFS), 1e-9);
    assertEquals(0.4753726705540474, TranslationMetrics.sentenceBleu(HYPS.get(0), REFS.get(0)), 1e-12);
    assertEquals(0.28517539529041497, TranslationMetrics.sentenceBleu(HYPS.get(1), REFS.get(1)), 1e-12);
  }

  @Test
  void scoresAverageTheSentenceMetricsAndNormaliseTheEditDistance() {
    int[][] hypIds = {{5, 6, 7, 0, 9}, {5, 0}};
    int[][] refIds = {{5, 6, 8, 0}, {5, 6, 0}};
    TranslationMetrics.Scores s = TranslationMetrics.score(hypIds, refIds, HYPS, REFS, 0);
    assertEquals(100 * (0.4753726705540474 + 0.28517539529041497) / 2, s.sbleu(), 1e-9);
    // edit: {5,6,7,0} vs {5,6,8,0} = 1 of 4; {5,0} vs {5,6,0} = 1 of 3
    assertEquals((1 / 4.0 + 1 / 3.0) / 2, s.edit(), 1e-12);
    assertEquals(30.24741837561101, s.bleu(), 1e-9);
  }
}
