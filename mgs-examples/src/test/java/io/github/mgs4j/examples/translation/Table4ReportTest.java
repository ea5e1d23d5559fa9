package io.github.mgs4j.examples.translation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.losses.corpus.CorpusBleu;
import io.github.mgs4j.losses.corpus.PairedBootstrap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each MGS row's {@code bleu_delta_ci} is sacrebleu's paired bootstrap (1,000 resamples, seed 12345; the
 * interval of the difference itself is checked against sacrebleu in mgs-losses) of that row's beam
 * translations against the MLE row of the same split and that split's references, and {@code results.json}
 * carries it.
 */
class Table4ReportTest {
  private static final String[] WORDS = ("and the lord said unto moses go in unto pharaoh and tell him thus saith "
      + "god of the hebrews let my people go that they may serve me for if thou refuse to let them go").split(" ");

  /** Reference {@code i} of a split: a window of the word list. */
  private static List<String> references(int n, int offset) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      int len = 6 + (i * 7 + offset) % 9;
      for (int k = 0; k < len; k++) {
        b.append(k == 0 ? "" : " ").append(WORDS[(i * 5 + offset + k) % WORDS.length]);
      }
      out.add(b.append('.').toString());
    }
    return out;
  }

  /** Each reference with every {@code every}-th word (from the {@code phase}-th) replaced by "x". */
  private static List<String> damaged(List<String> refs, int every, int phase) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      String[] w = refs.get(i).split(" ");
      for (int k = (phase + i) % every; k < w.length; k += every) {
        w[k] = "x";
      }
      out.add(String.join(" ", w));
    }
    return out;
  }

  private static TranslationExperiment.Row row(String model, String split, List<String> beam, List<String> refs) {
    double bleu = TranslationMetrics.corpusBleu(beam, refs);
    return new TranslationExperiment.Row(model, split,
        new TranslationEvaluator.Evaluation(new TranslationMetrics.Scores(bleu, 0, 0, 0), beam, beam));
  }

  private static double[] direct(List<String> baseline, List<String> system, List<String> refs) {
    PairedBootstrap.Comparison c = new PairedBootstrap(1000, 12345)
        .compare(CorpusBleu.sacrebleu(), baseline, system, refs);
    return new double[] {c.deltaLower(), c.deltaUpper()};
  }

  @Test
  void eachMgsRowIsComparedWithTheMleRowOfItsOwnSplit(@TempDir Path tmp) throws Exception {
    List<String> validRefs = references(60, 0);
    List<String> testRefs = references(50, 3);
    List<String> mleValid = damaged(validRefs, 3, 0);
    List<String> mleTest = damaged(testRefs, 4, 1);
    List<String> betterValid = damaged(validRefs, 6, 0); // a subset of MLE's damage on every segment
    List<String> worseTest = damaged(testRefs, 2, 1);
    List<TranslationExperiment.Row> rows = List.of(
        row("MLE", "valid", mleValid, validRefs),
        row("MLE", "test", mleTest, testRefs),
        row("MGS-SBLEU", "valid", betterValid, validRefs),
        row("MGS-SBLEU", "test", worseTest, testRefs),
        row("MGS-EDIT", "valid", mleValid, validRefs),
        row("MGS-EDIT", "test", damaged(testRefs, 5, 2), testRefs));
    Map<String, List<String>> refs = Map.of("valid", validRefs, "test", testRefs);

    Map<String, double[]> ci = Table4Report.bleuDeltaIntervals(rows, refs);

    assertEquals(List.of("MGS-SBLEU/valid", "MGS-SBLEU/test", "MGS-EDIT/valid", "MGS-EDIT/test"),
        List.copyOf(ci.keySet()));
    assertArrayEquals(direct(mleValid, betterValid, validRefs), ci.get("MGS-SBLEU/valid"));
    assertArrayEquals(direct(mleTest, worseTest, testRefs), ci.get("MGS-SBLEU/test"));
    assertArrayEquals(direct(mleTest, rows.get(5).evaluation().beamTranslations(), testRefs),
        ci.get("MGS-EDIT/test"));
    // paired against the wrong split's MLE row, the interval would differ
    assertNotEquals(direct(mleValid.subList(0, 50), worseTest, testRefs)[0], ci.get("MGS-SBLEU/test")[0]);
    assertArrayEquals(new double[] {0, 0}, ci.get("MGS-EDIT/valid"), "a system equal to MLE");
    assertTrue(ci.get("MGS-SBLEU/valid")[0] > 0, "better on every segment: the whole interval above 0");
    assertTrue(ci.get("MGS-SBLEU/test")[1] < 0, "worse on every segment: the whole interval below 0");
    for (String key : ci.keySet()) {
      String[] ms = key.split("/");
      double observed = rows.stream().filter(r -> r.model().equals(ms[0]) && r.split().equals(ms[1]))
          .findFirst().orElseThrow().evaluation().scores().bleu()
          - rows.stream().filter(r -> r.model().equals("MLE") && r.split().equals(ms[1]))
              .findFirst().orElseThrow().evaluation().scores().bleu();
      assertTrue(ci.get(key)[0] <= observed && observed <= ci.get(key)[1], key + " contains the observed delta");
    }
    assertArrayEquals(ci.get("MGS-SBLEU/test"), Table4Report.bleuDeltaIntervals(rows, refs).get("MGS-SBLEU/test"),
        "seeded: the same interval every time");

    JsonNode json = new ObjectMapper().readTree(Table4Report.writeJson(rows, ci, tmp.resolve("results.json"))
        .toFile()).get("rows");
    assertEquals(6, json.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode o = json.get(i);
      TranslationExperiment.Row r = rows.get(i);
      assertEquals(r.model(), o.get("model").asText());
      assertEquals(r.split(), o.get("split").asText());
      assertEquals(r.evaluation().scores().bleu(), o.get("bleu").asDouble());
      if (r.model().equals("MLE")) {
        assertTrue(o.get("bleu_delta_ci").isNull(), "MLE has no interval");
      } else {
        double[] expected = ci.get(r.model() + "/" + r.split());
        assertEquals(2, o.get("bleu_delta_ci").size());
        assertEquals(expected[0], o.get("bleu_delta_ci").get(0).asDouble());
        assertEquals(expected[1], o.get("bleu_delta_ci").get(1).asDouble());
      }
    }
  }

  @Test
  void aSplitWithoutAnMleRowOrReferencesIsNamed() {
    List<String> refs = references(10, 0);
    List<TranslationExperiment.Row> noMle = List.of(row("MGS-SBLEU", "test", refs, refs));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Table4Report.bleuDeltaIntervals(noMle, Map.of("test", refs)));
    assertEquals("no MLE row for the test split", e.getMessage());
    List<TranslationExperiment.Row> rows = List.of(row("MLE", "test", refs, refs), row("MGS-EDIT", "test", refs, refs));
    e = assertThrows(IllegalArgumentException.class, () -> Table4Report.bleuDeltaIntervals(rows, Map.of()));
    assertEquals("no references for the test split", e.getMessage());
  }
}
