package io.github.mgs4j.examples.gpt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.MleGradient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java model against transformers' {@code GPT2LMHeadModel} on the committed tiny checkpoint (expected
 * outputs from {@code scripts/gpt2/make_reference.py}).
 */
class Gpt2ReferenceTest {
  private static Gpt2Model model;
  private static JsonNode expected;

  @BeforeAll
  static void load() throws Exception {
    model = Gpt2Checkpoint.load(Gpt2TestSupport.tinyDir());
    expected = Gpt2TestSupport.expected();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void logitsMatchTransformers() {
    double worst = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (JsonNode c : expected.get("logits")) {
        int[] ids = Gpt2TestSupport.row(c.get("ids"));
        float[] actual = model.logits(m, ids).toFloatArray();
        JsonNode rows = c.get("logits");
        int vocab = model.vocabularySize();
        assertEquals(rows.size() * vocab, actual.length);
        for (int t = 0; t < rows.size(); t++) {
          for (int v = 0; v < vocab; v++) {
            worst = Math.max(worst, Math.abs(actual[t * vocab + v] - rows.get(t).get(v).asDouble()));
          }
        }
      }
    }
    System.out.printf("max |logit diff| vs transformers: %.3g%n", worst);
    assertTrue(worst <= 1e-4, "max |logit diff| " + worst);
  }

  @Test
  void batchedGreedyDecodingMatchesTransformersGenerate() {
    JsonNode greedy = expected.get("greedy");
    int[][] contexts = Gpt2TestSupport.ints(greedy.get("contexts"));
    int steps = greedy.get("max_new_tokens").asInt();
    try (NDManager m = NDManager.newBaseManager()) {
      int[][] actual = Gpt2TestSupport.greedy(model, m, contexts, steps);
      assertArrayEquals(Gpt2TestSupport.ints(greedy.get("per_row")), actual);
      assertArrayEquals(Gpt2TestSupport.ints(greedy.get("batched")), actual);
    }
  }

  @Test
  void continuationLogProbabilityMatchesTransformers() {
    JsonNode scores = expected.get("scores");
    int[][] contexts = Gpt2TestSupport.ints(scores.get("contexts"));
    int[][] continuations = Gpt2TestSupport.ints(scores.get("continuations"));
    try (NDManager m = NDManager.newBaseManager()) {
      double[] actual = model.continuationLogProbability(m, contexts, continuations);
      for (int i = 0; i < actual.length; i++) {
        assertEquals(scores.get("log_probs").get(i).asDouble(), actual[i], 1e-4, "row " + i);
      }
    }
  }

  @Test
  void mleLossIsTheMeanTargetNll() {
    JsonNode scores = expected.get("scores");
    int[][] contexts = Gpt2TestSupport.ints(scores.get("contexts"));
    int[][] targets = Gpt2TestSupport.ints(scores.get("continuations"));
    double sum = 0;
    int count = 0;
    for (int i = 0; i < targets.length; i++) {
      sum += scores.get("log_probs").get(i).asDouble();
      count += targets[i].length;
    }
    try (NDManager m = NDManager.newBaseManager()) {
      model.mleTokens(Gpt2Model.MleTokens.CONTINUATION);
      float loss = model.mleLoss(m, new Batch(contexts, targets), false).getFloat();
      assertEquals(-sum / count, loss, 1e-5);
    } finally {
      model.mleTokens(Gpt2Model.MleTokens.AFTER_FIRST);
    }
  }

  /**
   * The authors' loss (the default): the mean NLL of every token after the first, the context included,
   * computed here from the logits that agree with transformers.
   */
  @Test
  void defaultMleLossCoversEveryTokenAfterTheFirst() {
    JsonNode scores = expected.get("scores");
    int[][] contexts = Gpt2TestSupport.ints(scores.get("contexts"));
    int[][] targets = Gpt2TestSupport.ints(scores.get("continuations"));
    assertEquals(Gpt2Model.MleTokens.AFTER_FIRST, model.mleTokens());
    double sum = 0;
    int count = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (int i = 0; i < contexts.length; i++) {
        int[] line = new int[contexts[i].length + targets[i].length];
        System.arraycopy(contexts[i], 0, line, 0, contexts[i].length);
        System.arraycopy(targets[i], 0, line, contexts[i].length, targets[i].length);
        float[] logits = model.logits(m, line).toFloatArray();
        int vocabulary = model.vocabularySize();
        for (int t = 1; t < line.length; t++) {
          int row = (t - 1) * vocabulary;
          double max = Double.NEGATIVE_INFINITY;
          for (int v = 0; v < vocabulary; v++) {
            max = Math.max(max, logits[row + v]);
          }
          double z = 0;
          for (int v = 0; v < vocabulary; v++) {
            z += Math.exp(logits[row + v] - max);
          }
          sum -= logits[row + line[t]] - max - Math.log(z);
          count++;
        }
      }
      float loss = model.mleLoss(m, new Batch(contexts, targets), false).getFloat();
      assertEquals(sum / count, loss, 1e-5);
      assertTrue(contexts[0].length > 1, "the reference contexts must have tokens for the context loss to cover");
    }
  }

  /**
   * {@code sequenceLogProbability}: values as transformers' (and as {@code continuationLogProbability}), and the
   * gradient of Σ_i w_i·log p(continuation_i | context_i) per parameter (L2 norm and a fixed projection) against
   * torch autograd on the same checkpoint.
   */
  @Test
  void sequenceLogProbabilityAndItsGradientMatchTransformers() {
    JsonNode scores = expected.get("scores");
    JsonNode reference = expected.get("sequence_gradient");
    int[][] contexts = Gpt2TestSupport.ints(scores.get("contexts"));
    int[][] continuations = Gpt2TestSupport.ints(scores.get("continuations"));
    float[] weights = new float[contexts.length];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) reference.get("weights").get(i).asDouble();
    }
    TrainableParameters parameters = TrainableParameters.of(model);
    parameters.zeroGradients();
    try (NDManager m = NDManager.newBaseManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logp = model.sequenceLogProbability(m, contexts, continuations, false);
      assertEquals(new Shape(contexts.length), logp.getShape());
      float[] values = logp.toFloatArray();
      double[] plain = model.continuationLogProbability(m, contexts, continuations);
      for (int i = 0; i < values.length; i++) {
        assertEquals(scores.get("log_probs").get(i).asDouble(), values[i], 1e-4, "row " + i);
        assertEquals(plain[i], values[i], 1e-4, "row " + i + " against continuationLogProbability");
      }
      NDArray objective = logp.mul(m.create(weights)).sum();
      assertEquals(reference.get("value").asDouble(), objective.getFloat(), 1e-4);
      collector.backward(objective);
    }
    assertGradientsMatch(parameters, reference.get("parameters"), "");
  }

  /**
   * Every parameter's gradient against the reference fingerprint: its L2 norm and its dot product with
   * sin(0.1·i + 1) over the flattened elements, both to 1e-4 relative to (1 + norm).
   */
  private static void assertGradientsMatch(TrainableParameters parameters, JsonNode reference, String suffix) {
    assertEquals(reference.size(), parameters.count());
    for (int w = 0; w < parameters.count(); w++) {
      JsonNode expectedGradient = reference.get(parameters.name(w));
      assertTrue(expectedGradient != null, "no reference gradient for " + parameters.name(w));
      float[] g = parameters.gradient(w).toFloatArray();
      double squares = 0;
      double projection = 0;
      for (int i = 0; i < g.length; i++) {
        squares += (double) g[i] * g[i];
        projection += g[i] * Math.sin(0.1 * i + 1);
      }
      String what = parameters.name(w) + suffix;
      double norm = expectedGradient.get("norm").asDouble();
      assertEquals(norm, Math.sqrt(squares), 1e-4 * (1 + norm), "gradient norm of " + what);
      assertEquals(expectedGradient.get("projection").asDouble(), projection, 1e-4 * (1 + norm) * Math.sqrt(g.length),
          "gradient projection of " + what);
    }
  }

  /**
   * The MLE gradient of every parameter (L2 norm and a fixed projection) against transformers' backward: this
   * guards the forward pass's early release of intermediates and the sparse embedding gradient, neither of
   * which may change a gradient.
   */
  @Test
  void mleGradientMatchesTransformers() {
    JsonNode scores = expected.get("scores");
    JsonNode reference = expected.get("mle_gradient");
    Batch batch =
        new Batch(Gpt2TestSupport.ints(scores.get("contexts")), Gpt2TestSupport.ints(scores.get("continuations")));
    TrainableParameters parameters = TrainableParameters.of(model);
    model.mleTokens(Gpt2Model.MleTokens.CONTINUATION);
    try (NDManager m = NDManager.newBaseManager()) {
      for (int micro : new int[] {0, 1}) {
        double loss = MleGradient.compute(model, parameters, batch, false, m, micro);
        assertEquals(reference.get("loss").asDouble(), loss, 1e-5, "loss, micro-batch " + micro);
        assertGradientsMatch(parameters, reference.get("parameters"), ", micro-batch " + micro);
      }
    } finally {
      model.mleTokens(Gpt2Model.MleTokens.AFTER_FIRST);
    }
  }
}
