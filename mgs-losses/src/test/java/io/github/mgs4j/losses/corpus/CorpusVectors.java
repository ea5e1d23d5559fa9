package io.github.mgs4j.losses.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The sacrebleu 2.6.0 corpus vectors ({@code corpus/vectors.jsonl}, written by {@code corpus_vectors.py}). */
final class CorpusVectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CorpusVectors() {}

  /** The test-set rows (the header line left out). */
  static List<JsonNode> rows() {
    List<JsonNode> out = new ArrayList<>();
    try (InputStream in = CorpusVectors.class.getResourceAsStream("/corpus/vectors.jsonl")) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        JsonNode node = JSON.readTree(line);
        if (node.has("name")) {
          out.add(node);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** numpy's default_rng vectors ({@code corpus/numpy_rng.json}). */
  static JsonNode rng() {
    try (InputStream in = CorpusVectors.class.getResourceAsStream("/corpus/numpy_rng.json")) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isNull() ? null : n.asText()));
    return out;
  }

  static List<List<String>> streams(JsonNode array) {
    List<List<String>> out = new ArrayList<>();
    array.forEach(n -> out.add(strings(n)));
    return out;
  }

  /** The metric a vector's name denotes. */
  static CorpusMetric metric(String name) {
    switch (name) {
      case "BLEU":
        return CorpusBleu.sacrebleu();
      case "chrF2":
        return Chrf.chrf();
      case "chrF2++":
        return Chrf.chrfPlusPlus();
      default:
        throw new IllegalArgumentException(name);
    }
  }
}
