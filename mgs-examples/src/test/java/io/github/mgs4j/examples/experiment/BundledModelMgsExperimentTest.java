package io.github.mgs4j.examples.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.train.MgsTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An experiment the way users write them: load the bundled MLE model, fine-tune it with {@link MgsTrainer}
 * on an edit-distance task loss, and check that the task loss falls. Runs in well under a minute.
 */
class BundledModelMgsExperimentTest {

  @Test
  void mgsLowersTheEditDistanceOfTheBundledModel() throws Exception {
    Path dir = BundledModel.extract();
    try (TextTokenizer tokenizer = TextTokenizer.fromDirectory(dir);
        Gpt2Model model = Gpt2Checkpoint.load(dir)) {
      List<Batch> batches = ShortPassages.batches(tokenizer);
      MgsConfig config = MgsConfig.builder()
          .candidates(4)
          .alpha(10)
          .decodeLength(new DecodeLength(1.3, 64))
          .optimizer(OptimizerConfig.builder().kind(OptimizerConfig.Kind.SGD).learningRate(0.5f).build())
          .build();
      TrainingResult result = MgsTrainer.builder(model, new EditDistanceLoss(tokenizer.eosId(), false))
          .config(config)
          .trainerConfig(TrainerConfig.builder().maxSteps(12).validateEvery(6).patience(0).restoreBest(false)
              .seed(7).build())
          .validation(batches)
          .build()
          .train(batches);
      List<Double> history = result.validationHistory();
      System.out.println("edit distance on the training passages: " + history);
      assertTrue(history.get(history.size() - 1) < history.get(0),
          "MGS should lower the task loss it optimises: " + history);
    }
  }
}
