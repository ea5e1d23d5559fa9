package io.github.mgs4j.examples.translation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.NoiseScale;
import io.github.mgs4j.core.train.MgsTrainer;
import io.github.mgs4j.core.train.TaskLossValidator;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An experiment the way users write them: load the bundled Spanish→English MLE model, fine-tune it with
 * {@link MgsTrainer} on the authors' sentence-BLEU task loss (NLTK method 2, K = 4, α = 100, noise scaled by the
 * mean |∇L|), and check that the task loss of greedy translations of a fixed set of training sentences falls.
 */
class BundledTranslationMgsExperimentTest {

  @Test
  void mgsLowersTheSentenceBleuLossOfTheBundledModel() throws Exception {
    Path dir = BundledTranslationModel.extract();
    try (TranslationTokenizer tokenizer = TranslationTokenizer.fromDirectory(dir);
        MarianModel model = MarianCheckpoint.load(dir)) {
      TranslationData train = TranslationData.encode(ParallelCorpus.bundled(ParallelCorpus.Split.TRAIN), tokenizer,
          24);
      List<int[]> sources = new ArrayList<>();
      List<int[]> targets = new ArrayList<>();
      int[][] s = train.sources();
      int[][] t = train.targets();
      for (int i = 0; i < s.length && sources.size() < 16; i += 97) {
        if (t[i].length <= 16) {
          sources.add(s[i]);
          targets.add(t[i]);
        }
      }
      List<Batch> batches = List.of(
          new Batch(sources.subList(0, 8).toArray(int[][]::new), targets.subList(0, 8).toArray(int[][]::new)),
          new Batch(sources.subList(8, 16).toArray(int[][]::new), targets.subList(8, 16).toArray(int[][]::new)));
      TaskLoss sbleu = TranslationLosses.of(TranslationLosses.Kind.SBLEU, tokenizer);
      MgsConfig config = MgsConfig.builder()
          .candidates(4)
          .alpha(100)
          .noiseScale(NoiseScale.GLOBAL)
          .decodeLength(new DecodeLength(1.3, 40))
          .optimizer(OptimizerConfig.builder().learningRate(1e-3f).build())
          .build();
      TrainingResult result = MgsTrainer.builder(model, sbleu)
          .config(config)
          .trainerConfig(TrainerConfig.builder().maxSteps(12).validateEvery(6).patience(0).restoreBest(false)
              .seed(7).build())
          .validator(new TaskLossValidator(batches, sbleu, new GreedyDecoder(), new DecodeLength(1.3, 40)))
          .build()
          .train(batches);
      List<Double> history = result.validationHistory();
      System.out.println("1 - sentence BLEU on the training sentences: " + history);
      assertTrue(history.get(history.size() - 1) < history.get(0),
          "MGS should lower the task loss it optimises: " + history);
    }
  }
}
