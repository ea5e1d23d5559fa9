package io.github.mgs4j.examples.translation.cli;

import ai.djl.ndarray.types.DataType;
import io.github.mgs4j.core.decode.BeamSearchDecoder;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.train.MleTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.examples.cli.MleProgress;
import io.github.mgs4j.examples.cli.ModelShapeOption;
import io.github.mgs4j.examples.cli.Progress;
import io.github.mgs4j.examples.translation.BleuValidator;
import io.github.mgs4j.examples.translation.MarianCheckpoint;
import io.github.mgs4j.examples.translation.MarianConfig;
import io.github.mgs4j.examples.translation.MarianModel;
import io.github.mgs4j.examples.translation.ParallelCorpus;
import io.github.mgs4j.examples.translation.TranslationData;
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
 * {@code translate mle}: maximum-likelihood training of a Marian model (label-smoothed cross-entropy, dropout,
 * AdamW), from a checkpoint or from a random initialisation ({@code --init}); selects by validation corpus BLEU
 * with beam search (the paper: beam 5) or by token NLL ({@code --beam 0}), and saves the best model with its
 * tokenizer. A random model is not validated before its first step (its beams all run to the length limit).
 */
@Command(name = "mle", mixinStandardHelpOptions = true, description = "Train a Marian model by maximum likelihood.")
public final class TranslateMleCommand implements Callable<Integer> {
  @Option(names = "--model-dir", description = "Start from this Marian checkpoint (with tokenizer.json).")
  Path modelDir;

  @Option(names = "--init", description = "Start from a random model: d_model,layers,heads,ffn "
      + "(e.g. 256,3,4,1024), encoder and decoder alike, with the bundled tokenizer or --tokenizer-dir's.")
  String init;

  @Option(names = "--tokenizer-dir", description = "Directory with the tokenizer.json for --init (default: bundled).")
  Path tokenizerDir;

  @Mixin CorpusOptions corpus;

  @Option(names = "--out", required = true, description = "Where to write the best model.")
  Path out;

  @Option(names = "--steps", defaultValue = "20000", description = "Training steps (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--batch-tokens", defaultValue = "4096",
      description = "Source plus target tokens per batch, padding included (default: ${DEFAULT-VALUE}).")
  int batchTokens;

  @Option(names = "--batch-rows", defaultValue = "128", description = "Most pairs per batch (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Option(names = "--lr", defaultValue = "5e-4", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--weight-decay", defaultValue = "0.0001", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  float weightDecay;

  @Option(names = "--label-smoothing", defaultValue = "0.1", description = "Label smoothing (default: ${DEFAULT-VALUE}).")
  double labelSmoothing;

  @Option(names = "--dropout", defaultValue = "0.1", description = "Dropout of --init models (default: ${DEFAULT-VALUE}).")
  double dropout;

  @Option(names = "--max-length", defaultValue = "128", description = "Drop pairs with a longer source or target, in "
      + "tokens (default: ${DEFAULT-VALUE}).")
  int maxLength;

  @Option(names = "--validate-every", defaultValue = "1000", description = "Steps between validations.")
  long validateEvery;

  @Option(names = "--patience", defaultValue = "5", description = "Early-stopping patience in validations.")
  int patience;

  @Option(names = "--valid-size", defaultValue = "0", description = "Validation pairs used (0 = all).")
  int validSize;

  @Option(names = "--beam", defaultValue = "5", description = "Beam width of validation BLEU (1 = greedy, 0 = select "
      + "by token NLL instead; default: ${DEFAULT-VALUE}).")
  int beam;

  @Option(names = "--float16", description = "Save the weights in float16 (half the size).")
  boolean float16;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--checkpoints", description = "Checkpoint directory (enables exact resume).")
  Path checkpoints;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if ((modelDir == null) == (init == null)) {
      throw new IllegalArgumentException("give exactly one of --model-dir and --init");
    }
    PrintWriter err = spec.commandLine().getErr();
    try (TranslationTokenizer tokenizer = modelDir != null ? TranslationTokenizer.fromDirectory(modelDir)
            : tokenizerDir != null ? TranslationTokenizer.fromDirectory(tokenizerDir) : TranslationTokenizer.bundled();
        MarianModel model = modelDir != null ? MarianCheckpoint.load(modelDir) : randomModel(tokenizer)) {
      model.labelSmoothing(labelSmoothing);
      int limit = Math.min(maxLength, model.config().maxPositionEmbeddings());
      TranslationData trainData = TranslationData.encode(corpus.load(ParallelCorpus.Split.TRAIN), tokenizer, limit);
      TranslationData validData = TranslationData.encode(corpus.load(ParallelCorpus.Split.VALID), tokenizer, limit);
      if (validSize > 0) {
        validData = validData.first(validSize);
      }
      List<Batch> train = trainData.lengthBatches(batchRows, batchTokens);
      err.printf(Locale.ROOT, "translate mle: %d pairs in %d batches, %d validation pairs, %d parameters%n",
          trainData.size(), train.size(), validData.size(), TrainableParameters.of(model).totalSize());
      MleTrainer.Builder trainer = MleTrainer.builder(model)
          .optimizer(OptimizerConfig.builder().learningRate(learningRate).weightDecay(weightDecay).build())
          .trainerConfig(TrainerConfig.builder().maxSteps(steps).validateEvery(validateEvery).patience(patience)
              .validateAtStart(init == null).seed(seed).checkpointDirectory(checkpoints).build());
      String what;
      if (beam > 0) {
        Translator translator = Translator.of(
            beam == 1 ? new GreedyDecoder() : new BeamSearchDecoder(beam, 1.0), 64,
            model.config().maxPositionEmbeddings() - 1);
        trainer.validator(new BleuValidator(translator, validData, tokenizer, null));
        what = "BLEU (beam " + beam + ")";
      } else {
        trainer.validation(validData.lengthBatches(batchRows, batchTokens));
        what = "token NLL";
      }
      TrainingResult result;
      try (ProgressBar bar = Progress.bar("mle", steps)) {
        result = trainer.listener(new MleProgress(bar, err, "loss", loss -> String.format(Locale.ROOT, "%s %.3f",
            what, beam > 0 ? -loss : loss))).build().train(train);
      }
      MarianCheckpoint.save(model, out, float16 ? DataType.FLOAT16 : DataType.FLOAT32);
      tokenizer.save(out);
      spec.commandLine().getOut().printf(Locale.ROOT, "saved %s: %s%n", out, result.bestStep() < 0
          ? "no validation ran; the final parameters were saved"
          : String.format(Locale.ROOT, "best validation %s %.3f after %d steps", what,
              beam > 0 ? -result.bestValidation() : result.bestValidation(), result.bestStep()));
    }
    return 0;
  }

  private MarianModel randomModel(TranslationTokenizer tokenizer) {
    int[] v = ModelShapeOption.parse(init, "d_model,layers,heads,ffn");
    return MarianModel.randomInit(MarianConfig.of(tokenizer.vocabularySize(), v[0], v[1], v[2], v[3],
        tokenizer.eosId(), tokenizer.padId(), dropout), seed);
  }
}
