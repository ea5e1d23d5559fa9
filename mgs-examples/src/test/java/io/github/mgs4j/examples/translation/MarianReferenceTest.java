package io.github.mgs4j.examples.translation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.core.decode.BeamSearchDecoder;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.Decoder;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.model.Batch;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java Marian model against transformers' {@code MarianMTModel} on the two committed tiny checkpoints (a
 * tied/shared/swish/scaled one and a separate/untied/gelu one; expected outputs from
 * {@code scripts/translation/make_reference.py}): logits, greedy and beam search {@code generate} outputs per
 * source and as one padded batch, summed target log-probabilities, and the MLE loss.
 */
class MarianReferenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path dir(String name) {
    try {
      return Paths.get(MarianReferenceTest.class.getResource("/marian/" + name + "/config.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode expected(String name) throws IOException {
    return JSON.readTree(dir(name).resolve("expected.json").toFile());
  }

  static int[][] ints(JsonNode rows) {
    int[][] out = new int[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new int[rows.get(i).size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = rows.get(i).get(j).asInt();
      }
    }
    return out;
  }

  private static int[][] decode(MarianModel model, Decoder decoder, int[][] sources, int steps) {
    try (NDManager m = NDManager.newBaseManager()) {
      DecodedBatch decoded = decoder.decode(model, sources, steps, m);
      int[][] out = new int[decoded.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = decoded.tokens(i);
      }
      return out;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tied", "separate"})
  void logitsMatchTransformers(String name) throws Exception {
    JsonNode expected = expected(name);
    int[][] sources = ints(expected.get("sources"));
    int[][] targets = ints(expected.get("targets"));
    double worst = 0;
    try (MarianModel model = MarianCheckpoint.load(dir(name));
        NDManager m = NDManager.newBaseManager()) {
      float[] actual = model.logits(m, sources[0], targets[0]).toFloatArray();
      JsonNode rows = expected.get("logits_pair0");
      int vocab = model.vocabularySize();
      assertEquals(rows.size() * vocab, actual.length);
      for (int t = 0; t < rows.size(); t++) {
        for (int v = 0; v < vocab; v++) {
          worst = Math.max(worst, Math.abs(actual[t * vocab + v] - rows.get(t).get(v).asDouble()));
        }
      }
    }
    System.out.printf("%s: max |logit diff| vs transformers %.3g%n", name, worst);
    assertTrue(worst <= 1e-4, "max |logit diff| " + worst);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tied", "separate"})
  void greedyAndBeamSearchMatchTransformersGenerate(String name) throws Exception {
    JsonNode expected = expected(name);
    int[][] sources = ints(expected.get("sources"));
    int steps = expected.get("max_new_tokens").asInt();
    try (MarianModel model = MarianCheckpoint.load(dir(name))) {
      Decoder greedy = new GreedyDecoder();
      assertArrayEquals(ints(expected.get("greedy_batch")), decode(model, greedy, sources, steps));
      assertArrayEquals(ints(expected.get("beam5_batch")), decode(model, new BeamSearchDecoder(5, 1.0), sources, steps));
      assertArrayEquals(ints(expected.get("beam3_batch")), decode(model, new BeamSearchDecoder(3, 1.0), sources, steps));
      int[][] greedyEach = ints(expected.get("greedy_each"));
      int[][] beamEach = ints(expected.get("beam5_each"));
      for (int i = 0; i < sources.length; i++) {
        int[][] one = {sources[i]};
        assertArrayEquals(greedyEach[i], decode(model, greedy, one, steps)[0], "greedy row " + i);
        assertArrayEquals(beamEach[i], decode(model, new BeamSearchDecoder(5, 1.0), one, steps)[0], "beam row " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tied", "separate"})
  void scoresAndMleLossMatchTransformers(String name) throws Exception {
    JsonNode expected = expected(name);
    int[][] sources = ints(expected.get("sources"));
    int[][] targets = ints(expected.get("targets"));
    try (MarianModel model = MarianCheckpoint.load(dir(name));
        NDManager m = NDManager.newBaseManager()) {
      double[] scores = model.continuationLogProbability(m, sources, targets);
      float[] differentiable = model.sequenceLogProbability(m, sources, targets, false).toFloatArray();
      for (int i = 0; i < scores.length; i++) {
        double want = expected.get("scores").get(i).asDouble();
        assertEquals(want, scores[i], 1e-3, "row " + i);
        assertEquals(want, differentiable[i], 1e-3, "row " + i);
      }
      float loss = model.mleLoss(m, new Batch(sources, targets), false).getFloat();
      assertEquals(expected.get("mle_loss").asDouble(), loss, 1e-4);
    }
  }
}
