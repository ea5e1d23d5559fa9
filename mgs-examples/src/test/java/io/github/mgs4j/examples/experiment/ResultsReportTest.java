package io.github.mgs4j.examples.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table and {@code results.json} of {@code run --baselines}: every row, the baselines' {@code MRT-edit} and
 * {@code PG-edit} included, is printed and written with its own figures, and the training costs of the trained
 * rows follow under {@code "training"}.
 */
class ResultsReportTest {
  private static final List<CompletionMetrics> ROWS = List.of(
      new CompletionMetrics("MLE", 101.5, 0.912, 0.25, 0.41, 17.0, 31.2),
      new CompletionMetrics("MGS-edit", 96.25, 0.874, 0.125, 0.30, 15.5, 31.9),
      new CompletionMetrics(BaselineRun.Method.MRT + "-edit", 99.0, 0.889, 0.1875, 0.35, 16.25, 31.4),
      new CompletionMetrics(BaselineRun.Method.PG + "-edit", 97.75, 0.861, 0.0625, 0.28, 14.0, 32.6),
      new CompletionMetrics("Human", 120.0, 0.0, 0.0, 0.02, 21.0, Double.NaN));
  private static final List<TrainingCost> COSTS = List.of(
      new TrainingCost("MGS-edit", 48, 1.25, 1200),
      new TrainingCost("MRT-edit", 48, 3.5, 2400),
      new TrainingCost("PG-edit", 48, 1.75, 1100));

  @Test
  void theTablePrintsEveryRowWithItsOwnFigures() {
    StringWriter text = new StringWriter();
    ResultsReport.print(ROWS, new PrintWriter(text));
    List<String> lines = Arrays.asList(text.toString().split("\n"));
    assertEquals(ROWS.size() + 1, lines.size(), text.toString());
    assertTrue(lines.get(3).matches("MRT-edit\\s+99\\.00\\s+0\\.889\\s+0\\.188\\s+0\\.350\\s+16\\.3\\s+31\\.40"),
        lines.get(3));
    assertTrue(lines.get(4).matches("PG-edit\\s+97\\.75\\s+0\\.861\\s+0\\.063\\s+0\\.280\\s+14\\.0\\s+32\\.60"),
        lines.get(4));
    assertTrue(lines.get(5).trim().endsWith("-"), "the Human row has no perplexity: " + lines.get(5));

    StringWriter costs = new StringWriter();
    ResultsReport.printCosts(COSTS, new PrintWriter(costs));
    String[] costLines = costs.toString().split("\n");
    assertEquals(COSTS.size() + 1, costLines.length, costs.toString());
    assertTrue(costLines[2].matches("MRT-edit\\s+48\\s+3\\.50\\s+2400"), costLines[2]);
    assertTrue(costLines[3].matches("PG-edit\\s+48\\s+1\\.75\\s+1100"), costLines[3]);
  }

  @Test
  void resultsJsonHoldsTheRowsAndTheTrainingCosts(@TempDir Path tmp) throws Exception {
    JsonNode root = new ObjectMapper().readTree(
        ResultsReport.writeJson(ROWS, COSTS, tmp.resolve("run/results.json")).toFile());
    assertEquals(ROWS.size(), root.get("rows").size());
    for (int i = 0; i < ROWS.size(); i++) {
      JsonNode row = root.get("rows").get(i);
      CompletionMetrics expected = ROWS.get(i);
      assertEquals(expected.model(), row.get("model").asText());
      assertEquals(expected.lm(), row.get("lm").asDouble());
      assertEquals(expected.edit(), row.get("edit").asDouble());
      assertEquals(expected.nonterm(), row.get("nonterm").asDouble());
      assertEquals(expected.repetition(), row.get("repetition").asDouble());
      assertEquals(expected.avgLen(), row.get("avg_len").asDouble());
      if (Double.isNaN(expected.perplexity())) {
        assertTrue(row.get("perplexity").isNull(), row.toString());
      } else {
        assertEquals(expected.perplexity(), row.get("perplexity").asDouble());
      }
    }
    assertEquals(COSTS.size(), root.get("training").size());
    for (int i = 0; i < COSTS.size(); i++) {
      JsonNode cost = root.get("training").get(i);
      assertEquals(COSTS.get(i).model(), cost.get("model").asText());
      assertEquals(COSTS.get(i).steps(), cost.get("steps").asLong());
      assertEquals(COSTS.get(i).secondsPerStep(), cost.get("seconds_per_step").asDouble());
      assertEquals(COSTS.get(i).decodedTokensPerStep(), cost.get("decoded_tokens_per_step").asDouble());
    }

    JsonNode plain = new ObjectMapper().readTree(ResultsReport.writeJson(ROWS, tmp.resolve("plain.json")).toFile());
    assertFalse(plain.has("training"), "a run without --baselines writes no training costs: " + plain);
  }
}
