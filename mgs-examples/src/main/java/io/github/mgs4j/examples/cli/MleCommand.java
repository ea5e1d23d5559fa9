package io.github.mgs4j.examples.cli;

import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.LearningRateSchedule;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.train.MleTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.examples.data.TextCompletionDataset;
import io.github.mgs4j.examples.data.TextCompletionDataset.Split;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Config;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.nio.file.Files;
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
 * {@code mle}: maximum-likelihood training of a GPT-2 model on text-completion data, from a checkpoint or
 * from a random initialisation ({@code --init}); saves the best model (validation token NLL) in Hugging Face
 * format with its tokenizer.
 */
@Command(name = "mle", mixinStandardHelpOptions = true, description = "Train a GPT-2 model by maximum likelihood.")
public final class MleCommand implements Callable<Integer> {
  @Mixin ModelSource model;
  @Mixin DataSource data;

  @Option(names = "--init", description = "Start from a random model: embd,layers,heads,positions "
      + "(e.g. 128,4,4,256) with the tokenizer of --model-dir or the bundled one.")
  String init;

  @Option(names = "--out", required = true, description = "Where to write the trained model.")
  Path out;

  @Option(names = "--steps", defaultValue = "2000", description = "Training steps (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--batch", defaultValue = "32", description = "Passages per batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--dropout", defaultValue = "0.1", description = "Dropout for --init models.")
  double dropout;

  @Option(names = "--weight-decay", defaultValue = "0.01",
      description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  float weightDecay;

  @Option(names = "--schedule", defaultValue = "CONSTANT", description = "Learning-rate decay after the warm-up: "
      + "${COMPLETION-CANDIDATES} (to --lr-floor × lr at the last step; default: ${DEFAULT-VALUE}).")
  LearningRateSchedule.Shape schedule;

  @Option(names = "--warmup", defaultValue = "0",
      description = "Steps of linear learning-rate warm-up (default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(names = "--schedule-steps", description = "The step at which a decaying schedule reaches its floor "
      + "(default: --steps). A resumed run may shorten it to finish sooner.")
  Long scheduleSteps;

  @Option(names = "--lr-floor", defaultValue = "0.1", description = "Final learning rate of a decaying schedule, "
      + "as a fraction of --lr (default: ${DEFAULT-VALUE}).")
  double lrFloor;

  @Option(names = "--mle-tokens", defaultValue = "AFTER_FIRST", description = "Tokens the loss covers: AFTER_FIRST "
      + "(every token after the first, context included: the authors') or CONTINUATION (default: ${DEFAULT-VALUE}).")
  Gpt2Model.MleTokens mleTokens;

  @Option(names = "--validate-every", defaultValue = "200", description = "Steps between validations.")
  long validateEvery;

  @Option(names = "--patience", defaultValue = "5", description = "Early-stopping patience in validations.")
  int patience;

  @Option(names = "--valid-size", defaultValue = "256", description = "Validation passages used.")
  int validSize;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--bucket-by-length", description = "Batch passages of similar length together (less padding, "
      + "faster steps; batches of 50 sorted together, then shuffled).")
  boolean bucketByLength;

  @Option(names = "--micro-batch", defaultValue = "0", description = "Rows per forward/backward pass, to bound "
      + "activation memory (0 = the whole batch; default: ${DEFAULT-VALUE}).")
  int microBatch;

  @Option(names = "--save-f16",
      description = "Store the saved weights as float16 (half the file; loaded back as float32).")
  boolean saveF16;

  @Option(names = "--checkpoints", description = "Checkpoint directory (enables exact resume).")
  Path checkpoints;

  @Option(names = "--resume-changed", description = "Resume a checkpoint written with other settings or data "
      + "(refused by default, naming each difference); the change is recorded in the checkpoint.")
  boolean resumeChanged;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path source = init == null ? model.directory() : (model.modelDir == null ? null : model.directory());
    ModelOutput output = ModelOutput.prepare(out);
    try (TextTokenizer tokenizer = source == null ? TextTokenizer.bundled() : TextTokenizer.fromDirectory(source);
        Gpt2Model gpt2 = init == null ? Gpt2Checkpoint.load(source) : randomModel(tokenizer)) {
      TextCompletionDataset trainSet = data.load(Split.TRAIN, tokenizer);
      List<Batch> train = bucketByLength
          ? trainSet.lengthBucketedBatches(batch, 50, seed)
          : trainSet.batches(batch, seed);
      List<Batch> valid = data.load(Split.VALID, tokenizer).first(validSize).batches(batch, null);
      gpt2.mleTokens(mleTokens);
      spec.commandLine().getErr().printf(Locale.ROOT, "mle: %d training batches of %d, %d parameters%n",
          train.size(), batch, TrainableParameters.of(gpt2).totalSize());
      TrainingResult result;
      try (ProgressBar bar = Progress.bar("mle", steps)) {
        result = MleTrainer.builder(gpt2)
            .optimizer(OptimizerConfig.builder().learningRate(learningRate).weightDecay(weightDecay)
                .schedule(new LearningRateSchedule(schedule, warmup, scheduleSteps == null ? steps : scheduleSteps,
                    lrFloor)).build())
            .microBatchRows(microBatch)
            .trainerConfig(TrainerConfig.builder().maxSteps(steps).validateEvery(validateEvery)
                .patience(patience).seed(seed).checkpointDirectory(checkpoints)
                .resumeWithChangedSettings(resumeChanged).build())
            .validation(valid)
            .listener(new MleProgress(bar, spec.commandLine().getErr(), "nll", loss -> String.format(Locale.ROOT,
                "continuation token NLL %.4f, perplexity %.2f", loss, Math.exp(loss))))
            .build()
            .train(train);
      }
      output.save(gpt2, source, saveF16);
      spec.commandLine().getOut().printf(Locale.ROOT, "saved %s: %s%n",
          out, validationSummary("token NLL", result));
    }
    return 0;
  }

  private Gpt2Model randomModel(TextTokenizer tokenizer) {
    int[] v = ModelShapeOption.parse(init, "embd,layers,heads,positions");
    int vocab = tokenizer.vocabularySize();
    int eos = tokenizer.eosId();
    Gpt2Config config = new Gpt2Config(vocab, v[3], v[0], v[1], v[2], 4 * v[0], 1e-5, eos, eos,
        dropout, dropout, dropout, true, 0.02);
    return Gpt2Model.randomInit(config, seed);
  }

  /** Copies the tokenizer of the source model (or the bundled one) next to the saved weights. */
  static void writeTokenizer(Path sourceDir, Path outDir) throws java.io.IOException {
    Path target = outDir.resolve("tokenizer.json");
    if (sourceDir != null && Files.isRegularFile(sourceDir.resolve("tokenizer.json"))) {
      if (!sourceDir.resolve("tokenizer.json").toAbsolutePath().equals(target.toAbsolutePath())) {
        Files.copy(sourceDir.resolve("tokenizer.json"), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return;
    }
    if (sourceDir != null) {
      for (String name : new String[] {"vocab.json", "merges.txt"}) {
        if (Files.isRegularFile(sourceDir.resolve(name))) {
          Files.copy(sourceDir.resolve(name), outDir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return;
    }
    try (var in = TextCompletionDataset.class.getResourceAsStream("/io/github/mgs4j/examples/sotu/tokenizer.json")) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** "best validation {what} 0.1234 after N steps", or that the final parameters were saved unvalidated. */
  static String validationSummary(String what, TrainingResult result) {
    if (result.bestStep() < 0) {
      return "no validation ran; the final parameters were saved";
    }
    return String.format(Locale.ROOT, "best validation %s %.4f after %d steps",
        what, result.bestValidation(), result.bestStep());
  }
}
