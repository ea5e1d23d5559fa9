package io.github.mgs4j.core.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.search.MgsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ConfigValidationTest {

  private static void rejects(Executable build, String mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    assertTrue(e.getMessage().contains(mentions), e.getMessage());
  }

  @Test
  void mgsConfigNamesTheInvalidField() {
    rejects(() -> MgsConfig.builder().candidates(0).build(), "K");
    rejects(() -> MgsConfig.builder().alpha(0).build(), "alpha");
    rejects(() -> MgsConfig.builder().alpha(Double.NaN).build(), "alpha");
    rejects(() -> MgsConfig.builder().noiseMultiplier(-1).build(), "noise");
    rejects(() -> MgsConfig.builder().zeroComponentWeight(1.5).build(), "pi");
    rejects(() -> MgsConfig.builder().mleClipNorm(0).build(), "MLE clip");
  }

  @Test
  void trainerAndOptimizerConfigsNameTheInvalidField() {
    rejects(() -> TrainerConfig.builder().maxSteps(-1).build(), "maxSteps");
    rejects(() -> TrainerConfig.builder().patience(-2).build(), "patience");
    rejects(() -> OptimizerConfig.builder().learningRate(0).build(), "learning rate");
    rejects(() -> OptimizerConfig.builder().betas(1, 0.9f).build(), "betas");
  }

  @Test
  void batchesRejectEmptyAndMismatchedInput() {
    rejects(() -> new Batch(new int[0][], new int[0][]), "empty batch");
    rejects(() -> new Batch(new int[][] {{1}}, new int[][] {{1}, {2}}), "mismatched");
    rejects(() -> new Batch(new int[][] {{1}}, new int[][] {{}}), "empty target");
    rejects(() -> new Batch(new int[][] {{}}, new int[][] {{1}}), "empty context");
  }
}
