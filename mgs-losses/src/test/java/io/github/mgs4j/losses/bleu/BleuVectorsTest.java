package io.github.mgs4j.losses.bleu;

import static io.github.mgs4j.losses.ReferenceVectors.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mgs4j.losses.ReferenceVectors;
import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sacrebleu and NLTK BLEU against every reference vector. */
class BleuVectorsTest {
  private static final List<JsonNode> VECTORS = ReferenceVectors.all();

  private static void assertBitExact(double expected, double actual, String what) {
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
        what + ": expected " + expected + " but was " + actual);
  }

  @Test
  void sacrebleuSentenceBleuIsBitExact() {
    for (JsonNode v : VECTORS) {
      String id = v.get("id").asText();
      String hyp = v.get("hyp").asText();
      String ref = v.get("ref").asText();
      JsonNode d = v.get("sacrebleu_detail");
      assertBitExact(v.get("sacrebleu").asDouble(), SacreBleu.sentence().score(hyp, ref), id + " exp");
      assertBitExact(v.get("sacrebleu_floor").asDouble(), SacreBleu.sentence(Smoothing.FLOOR).score(hyp, ref),
          id + " floor");
      assertBitExact(v.get("sacrebleu_addk").asDouble(), SacreBleu.sentence(Smoothing.ADD_K).score(hyp, ref),
          id + " add-k");
      assertBitExact(v.get("sacrebleu_none").asDouble(), SacreBleu.sentence(Smoothing.NONE).score(hyp, ref),
          id + " none");
      assertBitExact(d.get("exp_lowercase").asDouble(),
          new SacreBleu(Smoothing.EXP, Double.NaN, true, true).score(hyp, ref), id + " lowercase");
      for (Smoothing s : Smoothing.values()) {
        assertBitExact(d.get("no_effective_order").get(s.sacrebleuName()).asDouble(),
            new SacreBleu(s, Double.NaN, false, false).score(hyp, ref), id + " no-eff " + s);
      }
      assertEquals(d.get("tok13a_hyp").asText(), Tokenizer13a.tokenizeToString(PythonWhitespace.rstrip(hyp)), id);
      assertEquals(d.get("tok13a_ref").asText(), Tokenizer13a.tokenizeToString(PythonWhitespace.rstrip(ref)), id);
      BleuStatistics stats = SacreBleu.sentence().sentenceStatistics(hyp, List.of(ref));
      assertEquals(d.get("sys_len").asInt(), stats.sysLen(), id);
      assertEquals(d.get("ref_len").asInt(), stats.refLen(), id);
      assertArrayEquals(ints(d.get("counts")), stats.correct(), id);
      assertArrayEquals(ints(d.get("totals")), stats.total(), id);
      assertBitExact(d.get("bp").asDouble(), stats.brevityPenalty(), id + " bp");
    }
  }

  @Test
  void nltkSentenceBleuMatchesEverySmoothingMethod() {
    for (JsonNode v : VECTORS) {
      String id = v.get("id").asText();
      String hyp = v.get("hyp").asText();
      String ref = v.get("ref").asText();
      assertClose(v.get("nltk_bleu_method1").asDouble(),
          new NltkBleu(NltkSmoothing.METHOD1).score(PythonWhitespace.split(hyp), PythonWhitespace.split(ref)),
          id + " method1");
      checkMethods(v.get("nltk_bleu_split"), PythonWhitespace.split(hyp), PythonWhitespace.split(ref), id + " split");
      checkMethods(v.get("nltk_bleu_13a"), Tokenizer13a.tokenize(PythonWhitespace.rstrip(hyp)),
          Tokenizer13a.tokenize(PythonWhitespace.rstrip(ref)), id + " 13a");
    }
  }

  private static void checkMethods(JsonNode expected, String[] hyp, String[] ref, String id) {
    for (NltkSmoothing m : NltkSmoothing.values()) {
      JsonNode e = expected.get(m.name().toLowerCase(java.util.Locale.ROOT));
      NltkBleu bleu = new NltkBleu(m);
      if (e == null || e.isNull()) {
        assertThrows(IllegalArgumentException.class, () -> bleu.score(hyp, ref), id + " " + m);
      } else {
        assertClose(e.asDouble(), bleu.score(hyp, ref), id + " " + m);
      }
    }
  }

  @Test
  void corpusBleuSumsStatistics() {
    List<String> hyps = VECTORS.stream().map(v -> v.get("hyp").asText()).toList();
    List<List<String>> refs = VECTORS.stream().map(v -> List.of(v.get("ref").asText())).toList();
    BleuStatistics sum = BleuStatistics.EMPTY;
    for (int i = 0; i < hyps.size(); i++) {
      sum = sum.plus(SacreBleu.corpus().sentenceStatistics(hyps.get(i), refs.get(i)));
    }
    double expected = sum.score(Smoothing.EXP, 0, false);
    assertBitExact(expected, SacreBleu.corpus().corpusScore(hyps, refs), "corpus");
    assertBitExact(100.00000000000004, SacreBleu.corpus().corpusScore(List.of("a b c d e"), List.of(List.of("a b c d e"))),
        "identical corpus");
  }

  @Test
  void edgeCases() {
    assertBitExact(100.00000000000004, SacreBleu.sentence().score("hello", "hello"), "effective order");
    assertEquals(0.0, new SacreBleu(Smoothing.EXP, Double.NaN, false, false).score("hello", "hello"));
    assertEquals(1.0, new NltkBleu(NltkSmoothing.METHOD4).score(new String[] {"hello"}, new String[] {"hello"}));
    assertEquals("&", String.join(" ", Tokenizer13a.tokenize("&amp;")));
    assertEquals("<", String.join(" ", Tokenizer13a.tokenize("&amp;lt;")));
    assertThrows(NullPointerException.class, () -> SacreBleu.sentence().score(null, "x"));
    assertThrows(IllegalArgumentException.class, () -> SacreBleu.sentence().score("x", List.of()));
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }
}
