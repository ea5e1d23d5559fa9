package io.github.mgs4j.examples.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowSummaryTest {

  @Test
  void meanAndSampleStandardDeviationOverSeeds() {
    RowSummary row = new RowSummary("MGS-LM", List.of(
        new CompletionMetrics("MGS-LM", 10, 0.5, 0.0, 0.2, 30, 100),
        new CompletionMetrics("MGS-LM", 20, 0.7, 0.1, 0.4, 50, 110),
        new CompletionMetrics("MGS-LM", 30, 0.9, 0.2, 0.6, 70, 120)));
    assertEquals(new CompletionMetrics("MGS-LM", 20, 0.7, 0.1, 0.4, 50, 110).lm(), row.mean().lm());
    assertEquals(0.7, row.mean().edit(), 1e-12);
    assertEquals(10, row.std().lm(), 1e-12);
    assertEquals(0.2, row.std().edit(), 1e-12);
    assertEquals(0.1, row.std().nonterm(), 1e-12);
    assertEquals(0, RowSummary.of(new CompletionMetrics("MLE", 1, 1, 1, 1, 1, 1)).std().lm());
    assertThrows(IllegalArgumentException.class, () -> new RowSummary("x", List.of()));

    StringWriter text = new StringWriter();
    ResultsReport.printSummaries(List.of(RowSummary.of(new CompletionMetrics("MLE", 1, 1, 1, 1, 1, 100)), row),
        100, new PrintWriter(text));
    assertTrue(text.toString().contains("20.00 ± 10.00"), text.toString());
    assertTrue(text.toString().contains("1.100"), "perplexity ratio 110 / 100: " + text);
  }
}
