package io.github.mgs4j.examples.translation.cli;

import ai.djl.ndarray.types.DataType;
import io.github.mgs4j.core.decode.BeamSearchDecoder;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.train.MgsTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingListener;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.examples.cli.Progress;
import io.github.mgs4j.examples.translation.BleuValidator;
import io.github.mgs4j.examples.translation.MarianCheckpoint;
import io.github.mgs4j.examples.translation.MarianModel;
import io.github.mgs4j.examples.translation.ParallelCorpus;
import io.github.mgs4j.examples.translation.TranslationData;
import io.github.mgs4j.examples.translation.TranslationExperiment;
import io.github.mgs4j.examples.translation.TranslationLosses;
import io.github.mgs4j.examples.translation.TranslationTokenizer;
import io.github.mgs4j.examples.translation.Translator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code translate mgs}: fine-tunes a Marian model with MGS on one task loss (the authors' MT settings by
 * default), selects by validation BLEU with beam search, and saves the best model with its tokenizer.
 */
@Command(name = "mgs", mixinStandardHelpOptions = true, description = "Fine-tune a Marian model with MGS.")
public final class TranslateMgsCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Mixin CorpusOptions corpus;

  @Option(names = "--loss", defaultValue = "sbleu", description = "sbleu, meteor or edit (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--out", required = true, description = "Where to write the best model.")
  Path out;

  @Option(names = "--steps", defaultValue = "200", description = "MGS steps (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--batch-tokens", defaultValue = "1024", description = "Source plus target tokens per batch.")
  int batchTokens;

  @Option(names = "--batch-rows", defaultValue = "16", description = "Most pairs per batch (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Option(names = "--candidates", defaultValue = "4", description = "K (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--alpha", defaultValue = "100", description = "α (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--noise", defaultValue = "1.0", description = "Noise multiplier (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--lr", defaultValue = "1e-4", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--validate-every", defaultValue = "50", description = "Steps between validations.")
  long validateEvery;

  @Option(names = "--valid-size", defaultValue = "200", description = "Validation pairs of the BLEU selection.")
  int validSize;

  @Option(names = "--beam", defaultValue = "5", description = "Beam width of validation BLEU (default: ${DEFAULT-VALUE}).")
  int beam;

  @Option(names = "--float16", description = "Save the weights in float16.")
  boolean float16;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--checkpoints", description = "Checkpoint directory (enables exact resume).")
  Path checkpoints;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    TranslationLosses.Kind kind = TranslationLosses.Kind.parse(loss);
    if (beam < 1) {
      throw new IllegalArgumentException("--beam must be at least 1, got " + beam);
    }
    Path dir = model.directory();
    PrintWriter err = spec.commandLine().getErr();
    try (TranslationTokenizer tokenizer = TranslationTokenizer.fromDirectory(dir);
        MarianModel marian = MarianCheckpoint.load(dir)) {
      int limit = marian.config().maxPositionEmbeddings() - 1;
      List<Batch> train = TranslationData.encode(corpus.load(ParallelCorpus.Split.TRAIN), tokenizer, limit)
          .lengthBatches(batchRows, batchTokens);
      TranslationData valid = TranslationData.encode(corpus.load(ParallelCorpus.Split.VALID), tokenizer, limit)
          .first(validSize);
      TranslationExperiment.Settings settings = new TranslationExperiment.Settings((int) steps, (int) validateEvery,
          0, batchRows, limit, validSize, 0, candidates, alpha, noise, learningRate, false, seed);
      TrainingResult result;
      try (ProgressBar bar = Progress.bar(kind.rowName(), steps)) {
        result = MgsTrainer.builder(marian, TranslationLosses.of(kind, tokenizer))
            .config(settings.mgsConfig(limit))
            .trainerConfig(TrainerConfig.builder().maxSteps(steps).validateEvery(validateEvery).patience(0)
                .seed(seed).checkpointDirectory(checkpoints).build())
            .validator(new BleuValidator(Translator.of(new BeamSearchDecoder(beam, 1.0), 32, limit), valid,
                tokenizer, bleu -> {
                  err.printf(Locale.ROOT, "%nvalidation BLEU (beam %d): %.2f%n", beam, bleu);
                  err.flush();
                }))
            .listener(new TrainingListener<StepDiagnostics>() {
              @Override
              public void onStep(StepDiagnostics d) {
                bar.step();
                bar.setExtraMessage(String.format(Locale.ROOT, " C(θ) %.4f", d.baseLoss()));
              }
            })
            .build()
            .train(train);
      }
      MarianCheckpoint.save(marian, out, float16 ? DataType.FLOAT16 : DataType.FLOAT32);
      tokenizer.save(out);
      spec.commandLine().getOut().printf(Locale.ROOT, "saved %s: best validation BLEU %.2f after %d steps%n", out,
          -result.bestValidation(), result.bestStep());
    }
    return 0;
  }
}
