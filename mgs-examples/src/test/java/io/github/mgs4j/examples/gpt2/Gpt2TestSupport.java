package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.core.model.DecodingSession;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared fixtures of the GPT-2 tests: the committed tiny reference checkpoint and a greedy decoder. */
final class Gpt2TestSupport {
  private Gpt2TestSupport() {}

  /** The directory of the tiny checkpoint made by {@code scripts/gpt2/make_reference.py}. */
  static Path tinyDir() {
    try {
      return Path.of(Gpt2TestSupport.class.getResource("/gpt2/tiny/config.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The transformers outputs stored next to the tiny checkpoint. */
  static JsonNode expected() throws IOException {
    return new ObjectMapper().readTree(Files.readString(tinyDir().resolve("expected.json")));
  }

  /** A JSON array of integer arrays as {@code int[][]}. */
  static int[][] ints(JsonNode rows) {
    int[][] out = new int[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = row(rows.get(i));
    }
    return out;
  }

  /** A JSON array of integers as {@code int[]}. */
  static int[] row(JsonNode values) {
    int[] out = new int[values.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = values.get(j).asInt();
    }
    return out;
  }

  /**
   * Greedy decoding of {@code steps} tokens for every row through a KV-cached session, with one host
   * transfer at the end.
   */
  static int[][] greedy(Gpt2Model model, NDManager manager, int[][] contexts, int steps) {
    try (NDManager scope = manager.newSubManager();
        DecodingSession session = model.startDecoding(scope, contexts)) {
      NDList chosen = new NDList();
      for (int t = 0; t < steps; t++) {
        NDArray next = session.nextLogits().argMax(1);
        next.attach(scope);
        chosen.add(next);
        session.append(next);
      }
      long[] flat = NDArrays.stack(chosen, 1).toLongArray();
      int[][] out = new int[contexts.length][steps];
      for (int i = 0; i < contexts.length; i++) {
        for (int t = 0; t < steps; t++) {
          out[i][t] = (int) flat[i * steps + t];
        }
      }
      return out;
    }
  }
}
