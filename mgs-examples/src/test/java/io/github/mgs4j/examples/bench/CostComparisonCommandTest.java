package io.github.mgs4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.examples.cli.MgsExamplesCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bench-baselines} command's contract: one row per method with its settings, a positive time per step
 * and the decodes the method makes per step (MGS K + 1 greedy sequences per example, MRT |S|, PG K samples). No
 * timing is asserted.
 */
class CostComparisonCommandTest {

  @Test
  void reportsEveryMethodsCost(@TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("cost.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MgsExamplesCli.execute(new String[] {"bench-baselines", "--batch", "2", "--steps", "1", "--warmup",
        "0", "--json", json.toString()}, new PrintWriter(out), new PrintWriter(err));
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("MRT") && out.toString().contains("PG"), out.toString());
    JsonNode methods = new ObjectMapper().readTree(json.toFile()).get("methods");
    assertEquals(3, methods.size());
    String[] names = {"MGS", "MRT", "PG"};
    int[] sequences = {5 * 2, 8 * 2, 4 * 2};
    for (int i = 0; i < 3; i++) {
      JsonNode m = methods.get(i);
      assertEquals(names[i], m.get("method").asText());
      assertEquals(sequences[i], m.get("decoded_sequences_per_step").asInt());
      assertTrue(m.get("median_seconds_per_step").asDouble() > 0, m.toString());
      assertTrue(m.get("decoded_tokens_per_step").asDouble() >= m.get("decoded_sequences_per_step").asDouble(),
          "every decoded sequence has at least one token: " + m);
      assertTrue(!m.get("settings").asText().isEmpty());
    }
  }
}
