package io.github.mgs4j.examples.minimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import io.github.mgs4j.core.train.MgsTrainer;
import io.github.mgs4j.core.train.MleTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The template model is a correct {@link io.github.mgs4j.core.model.SequenceModel} that MGS can train. */
class GruLanguageModelTest {
  private static final CountingTask TASK = new CountingTask(8);

  @Test
  void theMleLossIsTheMeanNegativeScoreAndItsGradientReachesEveryParameter() {
    try (GruLanguageModel model = new GruLanguageModel(TASK.vocabulary(), 6, 10, TASK.eos(), 1);
        NDManager scope = NDManager.newBaseManager()) {
      Batch batch = TASK.batches(1, 5, 3).get(0);
      double[] scores = model.continuationLogProbability(scope, batch.contexts(), batch.targets());
      double total = 0;
      for (double s : scores) {
        total += s;
      }
      try (GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        var loss = model.mleLoss(scope, batch, true);
        assertEquals(-total / batch.targetTokenCount(), loss.getFloat(), 1e-5);
        collector.backward(loss);
      }
      for (var p : model.parameters().values()) {
        assertTrue(p.getArray().getGradient().abs().sum().getFloat() > 0, p.getName() + " has no gradient");
        p.getArray().getGradient().subi(p.getArray().getGradient());
      }
    }
  }

  @Test
  void theSequenceLogProbabilityIsTheScoreAndItsGradientReachesEveryParameter() {
    try (GruLanguageModel model = new GruLanguageModel(TASK.vocabulary(), 6, 10, TASK.eos(), 2);
        NDManager scope = NDManager.newBaseManager()) {
      Batch batch = TASK.batches(1, 4, 5).get(0);
      double[] scores = model.continuationLogProbability(scope, batch.contexts(), batch.targets());
      try (GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        var logp = model.sequenceLogProbability(scope, batch.contexts(), batch.targets(), true);
        float[] values = logp.toFloatArray();
        assertEquals(scores.length, values.length);
        for (int i = 0; i < values.length; i++) {
          assertEquals(scores[i], values[i], 1e-5, "row " + i);
        }
        collector.backward(logp.sum());
      }
      for (var p : model.parameters().values()) {
        assertTrue(p.getArray().getGradient().abs().sum().getFloat() > 0, p.getName() + " has no gradient");
        p.getArray().getGradient().subi(p.getArray().getGradient());
      }
    }
  }

  @Test
  void greedyDecodingFollowsTheScoredDistribution() {
    try (GruLanguageModel model = new GruLanguageModel(TASK.vocabulary(), 6, 10, TASK.eos(), 2);
        NDManager scope = NDManager.newBaseManager()) {
      int[][] contexts = {{1, 2}, {4}, {0, 3, 5}};
      DecodedBatch decoded = new GreedyDecoder().decode(model, contexts, 6, scope);
      for (int r = 0; r < contexts.length; r++) {
        int[] tokens = decoded.tokens(r);
        // Each greedy token must score at least as high as any other choice at its position.
        for (int t = 0; t < tokens.length; t++) {
          int[] prefix = java.util.Arrays.copyOf(tokens, t + 1);
          double chosen = model.continuationLogProbability(scope, new int[][] {contexts[r]}, new int[][] {prefix})[0];
          for (int other = 0; other < TASK.vocabulary(); other++) {
            prefix[t] = other;
            double alternative =
                model.continuationLogProbability(scope, new int[][] {contexts[r]}, new int[][] {prefix})[0];
            assertTrue(chosen >= alternative - 1e-5, "row " + r + ", position " + t + ", token " + other);
          }
        }
      }
    }
  }

  @Test
  void mgsLowersTheTaskLossOfAnMleTrainedGru() throws Exception {
    List<Batch> train = TASK.batches(6, 8, 1);
    List<Batch> valid = TASK.batches(2, 8, 9);
    try (GruLanguageModel model = new GruLanguageModel(TASK.vocabulary(), 8, 16, TASK.eos(), 4)) {
      MleTrainer.builder(model)
          .optimizer(OptimizerConfig.builder().learningRate(0.02f).weightDecay(0).build())
          .trainerConfig(TrainerConfig.builder().maxSteps(15).validateEvery(0).seed(1).build())
          .build()
          .train(train);
      TrainingResult result = MgsTrainer.builder(model, new MismatchLoss())
          .config(MgsConfig.builder().candidates(4).alpha(10)
              .optimizer(OptimizerConfig.builder().learningRate(0.02f).weightDecay(0).build()).build())
          .trainerConfig(TrainerConfig.builder().maxSteps(20).validateEvery(10).patience(0).restoreBest(false)
              .seed(2).build())
          .validation(valid)
          .build()
          .train(train);
      List<Double> history = result.validationHistory();
      assertTrue(history.get(history.size() - 1) < history.get(0),
          "validation mismatch should fall from its MLE start: " + history);
    }
  }
}
