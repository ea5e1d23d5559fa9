package io.github.mgs4j.examples.translation;

import io.github.mgs4j.losses.bleu.NltkBleu;
import io.github.mgs4j.losses.bleu.NltkSmoothing;
import io.github.mgs4j.losses.bleu.SacreBleu;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import io.github.mgs4j.losses.edit.Levenshtein;
import io.github.mgs4j.losses.meteor.Meteor;
import java.util.ArrayList;
import java.util.List;

/**
 * Table 4's metrics of a set of translations: corpus BLEU with sacrebleu's semantics (13a tokenizer, exp
 * smoothing) on detokenized text, and the means of the three MGS task metrics as the authors computed them —
 * sentence BLEU (NLTK {@code sentence_bleu}, smoothing method 2) and METEOR (NLTK) on 13a-tokenized text, both
 * ×100, and the edit distance on subword ids cut after EOS divided by the reference length (not capped).
 */
public final class TranslationMetrics {
  private static final SacreBleu CORPUS = SacreBleu.corpus();
  private static final NltkBleu SENTENCE = new NltkBleu(NltkSmoothing.METHOD2);

  private TranslationMetrics() {}

  /**
   * The four metrics.
   *
   * @param bleu corpus BLEU (0–100)
   * @param sbleu mean sentence BLEU (0–100)
   * @param meteor mean METEOR (0–100)
   * @param edit mean edit distance / reference length
   */
  public record Scores(double bleu, double sbleu, double meteor, double edit) {}

  /** Corpus BLEU of detokenized hypotheses against one reference each. */
  public static double corpusBleu(List<String> hypotheses, List<String> references) {
    List<List<String>> refs = new ArrayList<>();
    for (String r : references) {
      refs.add(List.of(r));
    }
    return CORPUS.corpusScore(hypotheses, refs);
  }

  /** Text as the authors fed it to NLTK: sacrebleu's 13a tokens. */
  public static String[] tokens13a(String text) {
    return CORPUS.tokens(text);
  }

  /** The authors' sentence BLEU (NLTK method 2) of one pair of texts, 0–1. */
  public static double sentenceBleu(String hypothesis, String reference) {
    return SENTENCE.score(tokens13a(hypothesis), tokens13a(reference));
  }

  /**
   * All four metrics.
   *
   * @param hypothesisIds decoded ids per pair (cut after EOS or not)
   * @param referenceIds reference ids per pair (ending with EOS)
   * @param hypotheses detokenized hypotheses
   * @param references reference texts
   * @param eosId the EOS id
   */
  public static Scores score(int[][] hypothesisIds, int[][] referenceIds, List<String> hypotheses,
      List<String> references, int eosId) {
    Meteor meteor = Meteor.nltk();
    double sb = 0;
    double mt = 0;
    double ed = 0;
    int n = hypotheses.size();
    for (int i = 0; i < n; i++) {
      String[] h = tokens13a(hypotheses.get(i));
      String[] r = tokens13a(references.get(i));
      sb += SENTENCE.score(h, r);
      mt += meteor.score(h, r);
      int[] hyp = EditDistanceLoss.cutAfterEos(hypothesisIds[i], eosId);
      int[] ref = EditDistanceLoss.cutAfterEos(referenceIds[i], eosId);
      ed += (double) Levenshtein.distance(hyp, ref) / ref.length;
    }
    return new Scores(corpusBleu(hypotheses, references), 100 * sb / n, 100 * mt / n, ed / n);
  }
}
