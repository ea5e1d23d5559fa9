package io.github.mgs4j.examples.cli;

import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.examples.data.TextCompletionDataset.Split;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.experiment.Gpt2ReplicaSetup;
import io.github.mgs4j.examples.experiment.MgsRun;
import io.github.mgs4j.examples.experiment.MgsTrace;
import io.github.mgs4j.examples.experiment.TaskLosses;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mgs}: MGS fine-tuning of a GPT-2 checkpoint on a task loss; saves the best model. */
@Command(name = "mgs", mixinStandardHelpOptions = true, description = "Fine-tune a GPT-2 model with MGS.")
public final class MgsCommand implements Callable<Integer> {
  @Mixin ModelSource model;
  @Mixin DataSource data;
  @Mixin MgsOptions options;
  @Mixin ClusterOptions cluster;

  @Option(names = "--loss", defaultValue = "lm", description = "lm, edit, edit-raw, bleu or meteor (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--out", required = true, description = "Where to write the fine-tuned model.")
  Path out;

  @Option(names = "--checkpoints", description = "Checkpoint directory (enables exact resume).")
  Path checkpoints;

  @Option(names = "--resume-changed", description = "Resume a checkpoint written with other settings or data "
      + "(refused by default, naming each difference); the change is recorded in the checkpoint.")
  boolean resumeChanged;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path dir = model.directory();
    ModelOutput output = ModelOutput.prepare(out);
    // Only the LM-score loss needs a frozen copy of the starting model; the others read just its EOS id.
    boolean frozenScorer = loss.equalsIgnoreCase("lm");
    try (TextTokenizer tokenizer = TextTokenizer.fromDirectory(dir);
        Gpt2Model gpt2 = Gpt2Checkpoint.load(dir);
        Gpt2Model frozen = frozenScorer ? Gpt2Checkpoint.load(dir) : null) {
      TaskLoss taskLoss = TaskLosses.byName(loss, frozenScorer ? frozen : gpt2, tokenizer::decode);
      List<Batch> train = data.load(Split.TRAIN, tokenizer).batches(options.batch, options.seed);
      List<Batch> valid = data.load(Split.VALID, tokenizer).first(options.validSize).batches(options.batch, null);
      MgsRun run = options.run();
      TrainingResult result;
      try (SparkCluster spark = cluster.enabled() ? cluster.start(replicaSetup(run), checkpoints) : null;
          ProgressBar bar = Progress.bar("mgs-" + loss, run.steps())) {
        ExecutionConfig execution = spark == null
            ? run.execution().config()
            : run.execution().config().toBuilder().evaluator(spark.evaluator()).build();
        result = run.train(gpt2, taskLoss, train, valid, new MgsTrace(loss),
            d -> {
              bar.step();
              bar.setExtraMessage(String.format(Locale.ROOT, " C %.3f", d.baseLoss()));
            },
            checkpoints, resumeChanged, execution);
        if (spark != null) {
          spec.commandLine().getOut().printf(Locale.ROOT, "candidates on %d Spark workers: %.0f bytes per step%n",
              spark.workers(), spark.traffic().perStep());
        }
      }
      output.save(gpt2, dir);
      spec.commandLine().getOut().printf(Locale.ROOT, "saved %s (%s): %s%n",
          out, run.describe(), MleCommand.validationSummary(loss, result));
    }
    return 0;
  }

  /** How each Spark worker rebuilds this run: the same checkpoint (or the bundled model) and settings. */
  private Gpt2ReplicaSetup replicaSetup(MgsRun run) {
    return new Gpt2ReplicaSetup(
        model.modelDir == null ? null : model.modelDir.toAbsolutePath().toString(), loss, run);
  }
}
