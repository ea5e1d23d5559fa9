package io.github.mgs4j.examples.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.mrt.MrtConfig;
import io.github.mgs4j.core.mrt.MrtTrainer;
import io.github.mgs4j.core.pg.PolicyGradientConfig;
import io.github.mgs4j.core.pg.PolicyGradientTrainer;
import io.github.mgs4j.core.sequence.SampledTaskLossValidator;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.core.train.Validator;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The baselines' experiment the way users write them: load the bundled MLE model, fine-tune it with
 * {@link MrtTrainer} and with {@link PolicyGradientTrainer} on the edit-distance loss of 16 short training
 * passages, and check that each lowers its own objective, the expected edit distance of sampled continuations
 * (validated with the same random numbers before and after, so the difference is the parameters'), using the
 * example's settings ({@link BaselineRun#example}).
 */
class BundledModelBaselinesExperimentTest {
  private static final int STEPS = 8;
  private static Path dir;
  private static TextTokenizer tokenizer;
  private static List<Batch> batches;

  @BeforeAll
  static void load() throws Exception {
    dir = BundledModel.extract();
    tokenizer = TextTokenizer.fromDirectory(dir);
    batches = ShortPassages.batches(tokenizer);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  private static Validator sampledEditDistance(EditDistanceLoss loss) {
    return new SampledTaskLossValidator(batches, loss, 4, new DecodeLength(1.3, 64), 99);
  }

  private static TrainerConfig loop() {
    return TrainerConfig.builder().maxSteps(STEPS).validateEvery(STEPS).patience(0).restoreBest(false).seed(7)
        .build();
  }

  private static void check(String method, TrainingResult result) {
    List<Double> history = result.validationHistory();
    System.out.println(method + ": expected edit distance of sampled continuations " + history);
    assertTrue(history.get(history.size() - 1) < history.get(0),
        method + " should lower the task loss it optimises: " + history);
  }

  @Test
  void minimumRiskTrainingLowersTheExpectedEditDistance() throws Exception {
    EditDistanceLoss loss = new EditDistanceLoss(tokenizer.eosId(), false);
    MrtConfig config = BaselineRun.example(BaselineRun.Method.MRT, STEPS, 7).mrtConfig().toBuilder()
        .decodeLength(new DecodeLength(1.3, 64)).build();
    try (Gpt2Model model = Gpt2Checkpoint.load(dir)) {
      check("MRT", MrtTrainer.builder(model, loss).config(config).trainerConfig(loop())
          .validator(sampledEditDistance(loss)).build().train(batches));
    }
  }

  @Test
  void policyGradientLowersTheExpectedEditDistance() throws Exception {
    EditDistanceLoss loss = new EditDistanceLoss(tokenizer.eosId(), false);
    PolicyGradientConfig config = BaselineRun.example(BaselineRun.Method.PG, STEPS, 7).policyGradientConfig()
        .toBuilder().decodeLength(new DecodeLength(1.3, 64)).build();
    try (Gpt2Model model = Gpt2Checkpoint.load(dir)) {
      check("PG", PolicyGradientTrainer.builder(model, loss).config(config).trainerConfig(loop())
          .validator(sampledEditDistance(loss)).build().train(batches));
    }
  }
}
