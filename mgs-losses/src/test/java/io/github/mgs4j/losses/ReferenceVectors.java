package io.github.mgs4j.losses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The reference vectors of sacrebleu / NLTK / Levenshtein (test resource {@code metrics/vectors.jsonl}). */
public final class ReferenceVectors {
  private ReferenceVectors() {}

  /**
   * Asserts {@code |actual − expected| ≤ 1e-12 · max(1, |expected|)}, or relative 1e-12 for tiny values.
   *
   * @param expected the reference value
   * @param actual the computed value
   * @param what a label for the failure message
   */
  public static void assertClose(double expected, double actual, String what) {
    double tolerance = Math.abs(expected) < 1e-3 ? 1e-12 * Math.abs(expected) : 1e-12 * Math.max(1, Math.abs(expected));
    if (!(Math.abs(expected - actual) <= tolerance)) {
      throw new AssertionError(what + ": expected " + expected + " but was " + actual);
    }
  }

  /** Every vector, parsed as UTF-8 JSON. */
  public static List<JsonNode> all() {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    try (InputStream in = ReferenceVectors.class.getResourceAsStream("/metrics/vectors.jsonl");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(json.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
