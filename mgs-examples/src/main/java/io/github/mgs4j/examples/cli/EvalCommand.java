package io.github.mgs4j.examples.cli;

import io.github.mgs4j.core.io.WritableDirectory;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.examples.data.TextCompletionDataset.Split;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.experiment.CompletionEvaluator;
import io.github.mgs4j.examples.experiment.CompletionMetrics;
import io.github.mgs4j.examples.experiment.ResultsReport;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval}: Table 1 metrics of a model's greedy continuations on the test split, plus the Human row. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Table 1 metrics (LM, Edit, Nonterm, Repetition, Avg len, Perplexity) on the test split.")
public final class EvalCommand implements Callable<Integer> {
  @Mixin ModelSource model;
  @Mixin DataSource data;

  @Option(names = "--scorer-dir", description = "The frozen LM-score model (default: the evaluated model).")
  Path scorerDir;

  @Option(names = "--limit", defaultValue = "256", description = "Test passages used (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--max-new-tokens", defaultValue = "200", description = "Decode limit (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(names = "--out", description = "Write results.json here.")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path dir = model.directory();
    if (out != null) {
      WritableDirectory.require(out, "output directory (--out)");
    }
    // eval never changes the model, so without --scorer-dir the model scores itself (no second copy).
    try (TextTokenizer tokenizer = TextTokenizer.fromDirectory(dir);
        Gpt2Model gpt2 = Gpt2Checkpoint.load(dir);
        Gpt2Model separateScorer = scorerDir == null ? null : Gpt2Checkpoint.load(scorerDir)) {
      List<Batch> test = data.load(Split.TEST, tokenizer).first(limit).batches(32, null);
      CompletionEvaluator evaluator =
          new CompletionEvaluator(test, separateScorer == null ? gpt2 : separateScorer, maxNewTokens);
      CompletionMetrics row;
      try (ProgressBar bar = Progress.bar("eval", evaluator.batchCount())) {
        row = evaluator.evaluate("model", gpt2, b -> bar.step());
      }
      List<CompletionMetrics> rows = List.of(row, evaluator.human());
      ResultsReport.print(rows, spec.commandLine().getOut());
      if (out != null) {
        ResultsReport.writeJson(rows, out.resolve("results.json"));
      }
    }
    return 0;
  }
}
