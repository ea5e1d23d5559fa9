package io.github.mgs4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run whose last step falls between two validations validates that last state too, and keeps it when it is
 * the best, else restores the best earlier state: the steps after the last multiple of the interval are not
 * thrown away unseen.
 */
class LastStepValidationTest {
  private static final CountingTask TASK = new CountingTask(10);

  /** Returns the scripted losses in order, one per validation. */
  private static final class Scripted implements Validator {
    private final double[] losses;
    private int calls;

    Scripted(double... losses) {
      this.losses = losses.clone();
    }

    @Override
    public double validate(SequenceModel model, NDManager scope) {
      return losses[calls++];
    }
  }

  private record Run(TrainingResult result, List<Long> validatedSteps, float[] parameters) {}

  private static Run train(long steps, long validateEvery, Validator validator) throws Exception {
    List<Long> validated = new ArrayList<>();
    try (BigramModel model = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 4)) {
      MleTrainer.Builder builder = MleTrainer.builder(model)
          .optimizer(OptimizerConfig.builder().kind(OptimizerConfig.Kind.SGD).learningRate(0.5f).build())
          .trainerConfig(TrainerConfig.builder().maxSteps(steps).validateEvery(validateEvery).patience(0)
              .seed(2).build())
          .listener(new TrainingListener<MleStepDiagnostics>() {
            @Override
            public void onValidation(long step, double loss, boolean improved) {
              validated.add(step);
            }
          });
      if (validator != null) {
        builder.validator(validator);
      }
      TrainingResult result = builder.build().train(TASK.batches(5, 8, 1));
      return new Run(result, validated, model.flatParameters());
    }
  }

  @Test
  void theLastStepIsValidatedAndKeptWhenItIsTheBest() throws Exception {
    Run run = train(5, 2, new Scripted(5, 4, 3, 2));
    assertEquals(List.of(0L, 2L, 4L, 5L), run.validatedSteps());
    assertEquals(List.of(5.0, 4.0, 3.0, 2.0), run.result().validationHistory());
    assertEquals(5, run.result().bestStep());
    assertEquals(2.0, run.result().bestValidation());
    assertFalse(run.result().stoppedEarly());
    assertArrayEquals(train(5, 0, null).parameters(), run.parameters(), "the last state is returned");
  }

  @Test
  void aWorseLastStepIsValidatedAndTheEarlierBestRestored() throws Exception {
    Run run = train(5, 2, new Scripted(5, 4, 3, 9));
    assertEquals(List.of(0L, 2L, 4L, 5L), run.validatedSteps());
    assertEquals(4, run.result().bestStep());
    assertEquals(3.0, run.result().bestValidation());
    float[] atStep4 = train(4, 0, null).parameters();
    assertArrayEquals(atStep4, run.parameters(), "the state of step 4 is restored");
    assertFalse(Arrays.equals(atStep4, train(5, 0, null).parameters()), "step 5 moved the model");
  }

  @Test
  void aLastStepOnTheIntervalIsValidatedOnce() throws Exception {
    Run run = train(4, 2, new Scripted(5, 4, 3));
    assertEquals(List.of(0L, 2L, 4L), run.validatedSteps());
  }
}
