package io.github.mgs4j.examples.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Table 4 pipeline end to end on a tiny random model with the bundled tokenizer and corpus (a few pairs,
 * two MGS steps per run): every row is produced for both splits, with finite metrics in range, and the report
 * files are written.
 */
class TranslationExperimentTest {

  @Test
  void producesTheTableTheJsonAndTheFigures(@TempDir Path tmp) throws Exception {
    Path modelDir = tmp.resolve("model");
    try (TranslationTokenizer tokenizer = TranslationTokenizer.bundled();
        MarianModel model = MarianModel.randomInit(MarianConfig.of(tokenizer.vocabularySize(), 16, 1, 2, 32,
            tokenizer.eosId(), tokenizer.padId(), 0.0), 3)) {
      MarianCheckpoint.save(model, modelDir);
      tokenizer.save(modelDir);
    }
    TranslationExperiment.Settings settings =
        new TranslationExperiment.Settings(2, 1, 8, 4, 12, 3, 3, 2, 100, 1.0, 1e-3f, true, 5);
    TranslationExperiment.Result result = new TranslationExperiment(modelDir, settings,
        new TranslationExperiment.Progress() {
          @Override
          public void phase(String name, long total) {}

          @Override
          public void done(long units) {}
        }, line -> {}).run();
    List<String> models = result.rows().stream().map(TranslationExperiment.Row::model).distinct().toList();
    assertEquals(List.of("MLE", "MGS-SBLEU", "MGS-METEOR", "MGS-EDIT", "MGS-SBLEU (scratch)"), models);
    assertEquals(10, result.rows().size());
    for (TranslationExperiment.Row r : result.rows()) {
      TranslationMetrics.Scores s = r.evaluation().scores();
      assertTrue(s.bleu() >= 0 && s.bleu() <= 100 && s.sbleu() >= 0 && s.sbleu() <= 100, r.toString());
      assertTrue(s.meteor() >= 0 && s.meteor() <= 100 && s.edit() >= 0 && Double.isFinite(s.edit()), r.toString());
      assertEquals(3, r.evaluation().beamTranslations().size());
    }
    double startBleu = result.traces().get(0).validationBleu().get(0);
    for (MgsTranslationTrace trace : result.traces()) {
      assertEquals(2, trace.weightStd().size());
      if (trace.name().contains("scratch")) {
        assertEquals(2, trace.validationBleu().size(), "after each step, none at the random start");
      } else {
        assertEquals(3, trace.validationBleu().size(), "the shared start, then after each step");
        assertEquals(startBleu, trace.validationBleu().get(0), "every fine-tuning run starts from the MLE model");
      }
    }
    Map<String, double[]> intervals = Table4Report.bleuDeltaIntervals(result.rows(), result.references());
    assertEquals(8, intervals.size());
    for (double[] ci : intervals.values()) {
      assertTrue(ci[0] <= ci[1] && Double.isFinite(ci[0]), java.util.Arrays.toString(ci));
    }
    StringWriter table = new StringWriter();
    Table4Report.print(result.rows(), intervals, new PrintWriter(table));
    assertTrue(table.toString().contains("MGS-METEOR"), table.toString());
    JsonNode json = new ObjectMapper().readTree(
        Table4Report.writeJson(result.rows(), Map.of("MGS-EDIT/test", new double[] {-1, 2}), tmp.resolve("r.json"))
            .toFile());
    assertEquals(10, json.get("rows").size());
    assertEquals("valid", json.get("rows").get(0).get("split").asText());
    assertEquals(2.0, json.get("rows").get(7).get("bleu_delta_ci").get(1).asDouble());
    for (Path png : Table4Report.writeFigures(result.traces(), tmp)) {
      assertTrue(Files.size(png) > 0, png.toString());
    }
  }
}
