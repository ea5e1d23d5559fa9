package io.github.mgs4j.examples.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.train.TaskLossValidator;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardedTaskLossValidatorTest {

  @Test
  void scoresTheTaskLossWithinTheBudgetAndRanksEveryStateOutsideItLower() throws Exception {
    Path tiny = Path.of(getClass().getResource("/gpt2/tiny/config.json").toURI()).getParent();
    try (Gpt2Model model = Gpt2Checkpoint.load(tiny);
        NDManager m = NDManager.newBaseManager()) {
      int eos = model.eosId();
      List<Batch> batches = List.of(new Batch(
          new int[][] {{1, 2, 3}, {4, 5}, {9, 10, 11, 12}},
          new int[][] {{6, 7, eos}, {8, eos}, {13, 14, 15, eos}}));
      double logProbability = 0;
      for (double v : model.continuationLogProbability(m, batches.get(0).contexts(), batches.get(0).targets())) {
        logProbability += v;
      }
      double perplexity = GuardedTaskLossValidator.perplexity(model, batches);
      assertEquals(Math.exp(-logProbability / 9), perplexity, 1e-9 * perplexity);

      TaskLoss loss = new EditDistanceLoss(eos, false);
      DecodeLength length = new DecodeLength(1.3, 8);
      double taskLoss = new TaskLossValidator(batches, loss, new GreedyDecoder(), length).validate(model, m);
      GuardedTaskLossValidator within = new GuardedTaskLossValidator(batches, loss, length, perplexity, 1.2);
      assertEquals(taskLoss, within.validate(model, m), 1e-12);

      // Against a reference half the model's perplexity, the ratio is 2: outside a 1.2 budget.
      GuardedTaskLossValidator outside = new GuardedTaskLossValidator(batches, loss, length, perplexity / 2, 1.2);
      double score = outside.validate(model, m);
      assertEquals(GuardedTaskLossValidator.OUT_OF_BUDGET + 2, score, 1e-6);
      assertTrue(score > taskLoss);
      outside.onValidation(3, score, false);
      GuardedTaskLossValidator.ValidationPoint point = outside.points().get(0);
      assertEquals(3, point.step());
      assertEquals(taskLoss, point.taskLoss(), 1e-12);
      assertEquals(perplexity, point.perplexity(), 1e-9 * perplexity);
      assertFalse(point.withinBudget());
      assertFalse(point.best());

      // A resume with another budget or reference is a different validation; the task loss's fields stay.
      assertEquals("1.2", within.identity().get("perplexity_budget"));
      assertEquals(loss.name(), within.identity().get("task_loss"));
      assertNotEquals(within.identity(), outside.identity());
      assertNotEquals(within.identity(),
          new GuardedTaskLossValidator(batches, loss, length, perplexity, 1.5).identity());

      assertThrows(IllegalArgumentException.class,
          () -> new GuardedTaskLossValidator(batches, loss, length, perplexity, 0.9));
      assertThrows(IllegalArgumentException.class,
          () -> new GuardedTaskLossValidator(batches, loss, length, 0, 1.2));
    }
  }
}
