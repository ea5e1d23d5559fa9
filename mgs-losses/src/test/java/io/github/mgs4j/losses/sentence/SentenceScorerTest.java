package io.github.mgs4j.losses.sentence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mgs4j.losses.ReferenceVectors;
import io.github.mgs4j.losses.bleu.NltkBleu;
import io.github.mgs4j.losses.bleu.NltkSmoothing;
import io.github.mgs4j.losses.bleu.SacreBleu;
import io.github.mgs4j.losses.bleu.Smoothing;
import io.github.mgs4j.losses.edit.Levenshtein;
import io.github.mgs4j.losses.meteor.Meteor;
import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The batch scorer gives the single-metric classes' values bit for bit, in input order, in parallel. */
class SentenceScorerTest {
  private static final List<JsonNode> VECTORS = ReferenceVectors.all();

  @Test
  void everyMetricEqualsTheReferenceVectorsAndTheSingleMetricClasses() {
    SentenceScorer all = SentenceScorer.all();
    assertEquals(List.of(SentenceMetric.values()), all.metrics());
    for (JsonNode v : VECTORS) {
      String hyp = v.get("hyp").asText();
      String ref = v.get("ref").asText();
      double[] got = all.score(hyp, ref);
      for (SentenceMetric m : SentenceMetric.values()) {
        JsonNode want = v.get(m.field());
        String what = v.get("id").asText() + " " + m.field();
        if (want.isNull()) {
          assertTrue(Double.isNaN(got[m.ordinal()]), what);
        } else if (m == SentenceMetric.NLTK_BLEU_METHOD1) {
          ReferenceVectors.assertClose(want.asDouble(), got[m.ordinal()], what);
        } else {
          assertEquals(want.asDouble(), got[m.ordinal()], 0.0, what);
        }
      }
      String[] h = PythonWhitespace.split(hyp);
      String[] r = PythonWhitespace.split(ref);
      assertEquals(SacreBleu.sentence(Smoothing.ADD_K).score(hyp, ref), got[SentenceMetric.SACREBLEU_ADD_K.ordinal()]);
      assertEquals(new NltkBleu(NltkSmoothing.METHOD1).score(h, r), got[SentenceMetric.NLTK_BLEU_METHOD1.ordinal()]);
      assertEquals(Meteor.nltk().score(h, r), got[SentenceMetric.NLTK_METEOR.ordinal()]);
      assertEquals(Levenshtein.codePointDistance(hyp, ref), got[SentenceMetric.LEV_CHAR.ordinal()]);
    }
  }

  @Test
  void aSubsetKeepsEnumOrderAndTheSameValues() {
    SentenceScorer some = SentenceScorer.of(SentenceMetric.LEV_CHAR, SentenceMetric.SACREBLEU, SentenceMetric.LEV_CHAR);
    assertEquals(List.of(SentenceMetric.SACREBLEU, SentenceMetric.LEV_CHAR), some.metrics());
    JsonNode v = VECTORS.get(5);
    double[] got = some.score(v.get("hyp").asText(), v.get("ref").asText());
    assertArrayEquals(new double[] {v.get("sacrebleu").asDouble(), v.get("lev_char").asDouble()}, got);
    assertThrows(IllegalArgumentException.class, SentenceScorer::of);
  }

  @Test
  void scoreAllRunsInParallelAndKeepsInputOrder() {
    List<String> hyps = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      for (JsonNode v : VECTORS) {
        hyps.add(v.get("hyp").asText());
        refs.add(v.get("ref").asText());
      }
    }
    SentenceScorer scorer = SentenceScorer.all();
    double[][] parallel = scorer.scoreAll(hyps, refs, new ForkJoinPool(4));
    assertEquals(hyps.size(), parallel.length);
    for (int i = 0; i < hyps.size(); i++) {
      assertArrayEquals(scorer.score(hyps.get(i), refs.get(i)), parallel[i], "pair " + i);
    }
    assertThrows(IllegalArgumentException.class, () -> scorer.scoreAll(List.of("a"), List.of()));
  }
}
