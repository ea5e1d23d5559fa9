package io.github.mgs4j.examples.translation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.github.mgs4j.core.io.MalformedFileException;
import io.github.mgs4j.core.model.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint round trips (also written to {@code target/marian-java/} for the transformers check of
 * {@code scripts/translation/make_reference.py --verify}), label smoothing, the differentiable sequence
 * log-probability and bad checkpoints.
 */
class MarianModelTest {
  private static final int[][] SOURCES = {{5, 17, 60, 42, 0}, {40, 1, 2, 0}};
  private static final int[][] TARGETS = {{4, 5, 9, 0}, {6, 7, 8, 9, 10, 0}};

  @Test
  void savedCheckpointsReloadWithTheSameOutputs(@TempDir Path tmp) throws Exception {
    for (String name : new String[] {"tied", "separate"}) {
      try (MarianModel model = MarianCheckpoint.load(MarianReferenceTest.dir(name));
          NDManager m = NDManager.newBaseManager()) {
        float[] want = model.logits(m, SOURCES[0], TARGETS[0]).toFloatArray();
        MarianCheckpoint.save(model, tmp.resolve(name + "32"));
        // For scripts/translation/make_reference.py --verify: transformers must load what Java wrote.
        MarianCheckpoint.save(model, Path.of("target", "marian-java", name));
        MarianCheckpoint.save(model, tmp.resolve(name + "16"), DataType.FLOAT16);
        assertTrue(Files.size(tmp.resolve(name + "16/model.safetensors"))
            < 0.6 * Files.size(tmp.resolve(name + "32/model.safetensors")));
        try (MarianModel f32 = MarianCheckpoint.load(tmp.resolve(name + "32"));
            MarianModel f16 = MarianCheckpoint.load(tmp.resolve(name + "16"))) {
          assertArrayEquals(want, f32.logits(m, SOURCES[0], TARGETS[0]).toFloatArray(), 0f);
          assertArrayEquals(want, f16.logits(m, SOURCES[0], TARGETS[0]).toFloatArray(), 0.05f);
          assertEquals(model.config(), f32.config());
        }
      }
    }
  }

  @Test
  void labelSmoothingMixesTheNllWithTheMeanLogProbability() throws Exception {
    try (MarianModel model = MarianCheckpoint.load(MarianReferenceTest.dir("tied"));
        NDManager m = NDManager.newBaseManager()) {
      Batch batch = new Batch(SOURCES, TARGETS);
      double nll = model.mleLoss(m, batch, true).getFloat();
      double smoothing = 0;
      int tokens = 0;
      for (int i = 0; i < SOURCES.length; i++) {
        NDArray logProbabilities = model.logits(m, SOURCES[i], TARGETS[i]).logSoftmax(1);
        smoothing += -logProbabilities.sum().getFloat() / model.vocabularySize();
        tokens += TARGETS[i].length;
      }
      double expected = 0.9 * nll + 0.1 * smoothing / tokens;
      model.labelSmoothing(0.1);
      assertEquals(expected, model.mleLoss(m, batch, true).getFloat(), 1e-5);
      assertEquals(nll, model.mleLoss(m, batch, false).getFloat(), 1e-6, "evaluation is never smoothed");
      assertThrows(IllegalArgumentException.class, () -> model.labelSmoothing(1.0));
    }
  }

  @Test
  void sequenceLogProbabilityBackpropagates() throws Exception {
    try (MarianModel model = MarianCheckpoint.load(MarianReferenceTest.dir("separate"));
        NDManager m = NDManager.newBaseManager()) {
      for (Parameter p : model.parameters().values()) {
        p.getArray().getGradient().subi(p.getArray().getGradient());
      }
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray sums = model.sequenceLogProbability(m, SOURCES, TARGETS, false);
        assertEquals(2, sums.size());
        collector.backward(sums.sum());
      }
      double norm = 0;
      for (Parameter p : model.parameters().values()) {
        norm += p.getArray().getGradient().square().sum().getFloat();
      }
      assertTrue(norm > 0 && Double.isFinite(norm), "gradient norm² " + norm);
    }
  }

  @Test
  void separateVocabulariesCheckSourcesAndTargetsEachAgainstTheirOwn() throws Exception {
    try (MarianModel model = MarianCheckpoint.load(MarianReferenceTest.dir("separate"));
        NDManager m = NDManager.newBaseManager()) {
      assertEquals(80, model.vocabularySize());
      assertEquals(96, model.contextVocabularySize());
      int[][] sources = {{90, 85, 0}};
      new Batch(sources, new int[][] {{5, 0}}).requireCompatibleWith(model, "batch");
      assertEquals(1, new io.github.mgs4j.core.decode.GreedyDecoder().decode(model, sources, 4, m).size());
      assertThrows(IllegalArgumentException.class,
          () -> new Batch(sources, new int[][] {{85, 0}}).requireCompatibleWith(model, "batch"));
    }
  }

  @Test
  void wrongArchitecturesAndBrokenFilesAreNamed(@TempDir Path tmp) throws Exception {
    Path gpt2 = Path.of(getClass().getResource("/gpt2/tiny/config.json").toURI()).getParent();
    assertTrue(assertThrows(MalformedFileException.class, () -> MarianCheckpoint.load(gpt2)).getMessage()
        .contains("model_type \"gpt2\" is not a Marian translation model"));
    Path dir = Files.createDirectories(tmp.resolve("m"));
    Path tied = MarianReferenceTest.dir("tied");
    Files.writeString(dir.resolve("config.json"),
        Files.readString(tied.resolve("config.json")).replace("\"swish\"", "\"tanh\""));
    Files.copy(tied.resolve("model.safetensors"), dir.resolve("model.safetensors"));
    assertTrue(assertThrows(MalformedFileException.class, () -> MarianCheckpoint.load(dir)).getMessage()
        .contains("unsupported activation_function \"tanh\""));
    Files.writeString(dir.resolve("config.json"),
        Files.readString(tied.resolve("config.json")).replace("\"d_model\": 32", "\"d_model\": 64"));
    assertTrue(assertThrows(MalformedFileException.class, () -> MarianCheckpoint.load(dir)).getMessage()
        .contains("has shape"));
  }
}
