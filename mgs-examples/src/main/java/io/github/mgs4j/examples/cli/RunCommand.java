package io.github.mgs4j.examples.cli;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.io.WritableDirectory;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.examples.data.TextCompletionDataset.Split;
import io.github.mgs4j.examples.data.TextCompletionDataset;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.experiment.CompletionEvaluator;
import io.github.mgs4j.examples.experiment.CompletionMetrics;
import io.github.mgs4j.examples.experiment.MgsRun;
import io.github.mgs4j.examples.experiment.MgsTrace;
import io.github.mgs4j.examples.experiment.ResultsReport;
import io.github.mgs4j.examples.experiment.TaskLosses;
import io.github.mgs4j.examples.experiment.TrainingPlots;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the paper's text-completion experiment at small scale. From the bundled MLE model, fine-tune
 * MGS-LM and MGS-edit, evaluate MLE, MGS-LM, MGS-edit and the human continuations on the test split, print
 * Table 1 and a few Table 2-style continuations, write {@code results.json} and the Figs. 1–3 plots.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "The main job: MLE vs MGS-LM vs MGS-edit.")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "Evaluate on 64 test passages instead of 512 (about 1 minute on 2 cores).")
  boolean quick;

  @Option(names = "--out", defaultValue = "mgs-run", description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--steps", description = "MGS steps per task loss (default: 48).")
  Long steps;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Sizes of a run: MGS steps per loss, test passages, evaluation decode limit. */
  record Scale(long steps, int testPassages, int evalMaxNew) {}

  static final Scale DEFAULT = new Scale(48, 512, 128);
  static final Scale QUICK = new Scale(48, 64, 128);

  /** The MGS hyper-parameters of the example (see docs/example.md for why these values). */
  static MgsRun mgsRun(Scale scale, long seed) {
    return new MgsRun(4, 10, 1.0, OptimizerConfig.Kind.SGD, 0.5f, scale.steps(), 0, 200, seed, MgsRun.Execution.DEFAULT);
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    Scale scale = quick ? QUICK : DEFAULT;
    if (steps != null) {
      if (steps < 1) {
        throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
      }
      scale = new Scale(steps, scale.testPassages(), scale.evalMaxNew());
    }
    PrintWriter w = spec.commandLine().getOut();
    WritableDirectory.require(out, "output directory (--out)");
    Path dir = ModelSource.extractBundled();
    try (TextTokenizer tokenizer = TextTokenizer.fromDirectory(dir);
        Gpt2Model mle = Gpt2Checkpoint.load(dir)) {
      List<Batch> train = TextCompletionDataset.bundled(Split.TRAIN, tokenizer).batches(8, seed);
      List<Batch> test = TextCompletionDataset.bundled(Split.TEST, tokenizer).first(scale.testPassages())
          .batches(32, null);
      CompletionEvaluator evaluator = new CompletionEvaluator(test, mle, scale.evalMaxNew());
      MgsRun run = mgsRun(scale, seed);
      w.printf(Locale.ROOT, "MGS: %s; test passages %d%n", run.describe(), scale.testPassages());
      w.flush();

      List<CompletionMetrics> rows = new ArrayList<>();
      Map<String, int[][]> samples = new LinkedHashMap<>();
      rows.add(evaluate(evaluator, "MLE", mle, test, samples));
      List<MgsTrace> traces = new ArrayList<>();
      for (String loss : new String[] {"lm", "edit-raw"}) {
        String name = loss.equals("lm") ? "MGS-LM" : "MGS-edit";
        try (Gpt2Model model = Gpt2Checkpoint.load(dir)) {
          TaskLoss taskLoss = TaskLosses.byName(loss, mle, tokenizer::decode);
          MgsTrace trace = new MgsTrace(name);
          try (ProgressBar bar = Progress.bar(name, run.steps())) {
            run.train(model, taskLoss, train, null, trace,
                d -> {
                  bar.step();
                  bar.setExtraMessage(String.format(Locale.ROOT, " C %.3f", d.baseLoss()));
                },
                null);
          }
          traces.add(trace);
          rows.add(evaluate(evaluator, name, model, test, samples));
        }
      }
      rows.add(evaluator.human());
      samples.put("Human", humanSamples(test));

      w.println();
      ResultsReport.print(rows, w);
      printSamples(w, tokenizer, test, samples);
      Path results = ResultsReport.writeJson(rows, out.resolve("results.json"));
      List<Path> plots = TrainingPlots.write(traces, out);
      w.printf(Locale.ROOT, "%nwrote %s and %s%nwall time %.1f s%n", results, plots,
          (System.nanoTime() - start) / 1e9);
      w.flush();
    }
    return 0;
  }

  private static CompletionMetrics evaluate(CompletionEvaluator evaluator, String name, Gpt2Model model,
      List<Batch> test, Map<String, int[][]> samples) {
    CompletionMetrics row;
    try (ProgressBar bar = Progress.bar("eval " + name, evaluator.batchCount())) {
      row = evaluator.evaluate(name, model, b -> bar.step());
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Batch first = test.get(0).slice(0, Math.min(3, test.get(0).size()));
      DecodedBatch decoded = new GreedyDecoder().decode(model, first.contexts(), 60, manager);
      int[][] rows = new int[decoded.size()][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = decoded.tokens(i);
      }
      samples.put(name, rows);
    }
    return row;
  }

  private static int[][] humanSamples(List<Batch> test) {
    Batch first = test.get(0);
    int n = Math.min(3, first.size());
    int[][] rows = new int[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = first.target(i);
    }
    return rows;
  }

  private static void printSamples(PrintWriter w, TextTokenizer tokenizer, List<Batch> test,
      Map<String, int[][]> samples) {
    w.println();
    w.println("Continuations (greedy, first 60 tokens):");
    int n = samples.get("Human").length;
    for (int i = 0; i < n; i++) {
      w.printf(Locale.ROOT, "%nPrefix: %s%n", tokenizer.decode(test.get(0).context(i)).strip());
      for (Map.Entry<String, int[][]> e : samples.entrySet()) {
        String text = tokenizer.decode(e.getValue()[i]).replace(TextTokenizer.END_OF_TEXT, " <eos>").strip();
        w.printf(Locale.ROOT, "  %-9s %s%n", e.getKey() + ":", text.length() > 300 ? text.substring(0, 300) + "…" : text);
      }
    }
    w.flush();
  }
}
