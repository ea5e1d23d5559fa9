package io.github.mgs4j.examples.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.core.io.WritableDirectory;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.search.ComponentAssignment;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.experiment.BaselineRun;
import io.github.mgs4j.examples.experiment.CompletionExperiment;
import io.github.mgs4j.examples.experiment.CompletionExperiment.RowRun;
import io.github.mgs4j.examples.experiment.CompletionMetrics;
import io.github.mgs4j.examples.experiment.GuardedTaskLossValidator;
import io.github.mgs4j.examples.experiment.MgsRun;
import io.github.mgs4j.examples.experiment.ResultsReport;
import io.github.mgs4j.examples.experiment.RowSpec;
import io.github.mgs4j.examples.experiment.RowSummary;
import io.github.mgs4j.examples.experiment.TrainingCost;
import io.github.mgs4j.examples.experiment.TrainingPlots;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the paper's text-completion experiment at small scale. From the bundled MLE model, fine-tune
 * MGS-LM and MGS-edit (validation-selected, see {@link CompletionExperiment}), evaluate MLE, the MGS rows and
 * the human continuations on the test split, print Table 1 and a few Table 2-style continuations, write
 * {@code results.json} and the Figs. 1–3 plots. {@code --full} adds three seeds per MGS row, the Table 7
 * proposal ablation and the Fig. 4 α sweep. With {@code --baselines}, also minimum risk training and policy
 * gradient rows on the edit loss (trained as the MGS rows are), and each trained row's time and decoded tokens
 * per step.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "The main job: MLE vs MGS-LM vs MGS-edit.")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "A short run: at most 20 steps per row, 16 validation and 64 test "
      + "passages, training decodes capped at the test limit (128 new tokens).")
  boolean quick;

  @Option(names = "--full", description = "Three seeds per MGS row, Table 7 and Fig. 4 (about an hour on 2 cores; "
      + "with --quick, at the quick scale).")
  boolean full;

  @Option(names = "--out", defaultValue = "mgs-run", description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--steps", description = "Maximum MGS steps per row (default: 80; 20 with --quick).")
  Long steps;

  @Option(names = "--optimizer", description = "Optimizer of the MGS update: ADAMW, ADAM or SGD (default: ADAMW).")
  OptimizerConfig.Kind optimizer;

  @Option(names = "--lr", description = "Learning rate of the MGS update (default: 3e-4).")
  Float learningRate;

  @Option(names = "--alpha", description = "Alpha of the MGS rows (default: 10).")
  Double alpha;

  @Option(names = "--perplexity-budget", defaultValue = "1.2", description = "Keep the best validation state whose "
      + "validation perplexity is at most this multiple of the MLE model's ('Infinity': the task loss alone, as "
      + "the paper; default: ${DEFAULT-VALUE}).")
  double perplexityBudget;

  @Option(names = "--baselines", description = "Also fine-tune minimum risk training (MRT-edit) and policy gradient "
      + "(PG-edit) rows on the edit loss, with the MGS rows' steps, optimizer, validation, batches and seed (see "
      + "docs/baselines.md).")
  boolean baselines;

  @Mixin ModelSource model;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The α values of Fig. 4. */
  static final double[] ALPHAS = {1, 10, 100, 1000};

  /** The test decode limit in new tokens (twice the mean human continuation). */
  static final int TEST_MAX_NEW = 128;

  /**
   * Sizes of a run.
   *
   * @param steps the maximum MGS steps per row
   * @param validateEvery steps between validations
   * @param validPassages validation passages
   * @param testPassages test passages
   * @param decodeCap the cap on training and validation decodes (the 1.3× rule applies below it)
   */
  record Scale(long steps, long validateEvery, int validPassages, int testPassages, int decodeCap) {
    Scale withSteps(long newSteps) {
      return new Scale(newSteps, validateEvery, validPassages, testPassages, decodeCap);
    }
  }

  static final Scale DEFAULT = new Scale(80, 10, 32, 256, TEST_MAX_NEW);
  static final Scale QUICK = new Scale(20, 10, 16, 64, TEST_MAX_NEW);

  /** The MGS settings of the example (docs/example.md says why these values). */
  static MgsRun mgsRun(Scale scale, long seed) {
    return new MgsRun(4, 10, 1.0, ComponentAssignment.ALTERNATING, OptimizerConfig.Kind.ADAMW, 3e-4f,
        scale.steps(), scale.validateEvery(), 5, scale.decodeCap(), seed, MgsRun.Execution.DEFAULT);
  }

  /** The experiment's settings: batches of 8, a 128-token test decode, the options' overrides. */
  CompletionExperiment.Settings settings(Scale scale) {
    MgsRun base = mgsRun(scale, seed);
    if (alpha != null) {
      base = base.with(alpha, base.components());
    }
    if (optimizer != null || learningRate != null) {
      base = base.withOptimizer(optimizer == null ? base.optimizer() : optimizer,
          learningRate == null ? base.learningRate() : learningRate);
    }
    return new CompletionExperiment.Settings(base, 8, scale.validPassages(), scale.testPassages(), TEST_MAX_NEW,
        perplexityBudget);
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Scale scale = quick ? QUICK : DEFAULT;
    if (steps != null) {
      if (steps < 1) {
        throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
      }
      scale = scale.withSteps(steps);
    }
    if (!(perplexityBudget >= 1)) {
      throw new IllegalArgumentException("--perplexity-budget must be at least 1, got " + perplexityBudget);
    }
    PrintWriter w = spec.commandLine().getOut();
    WritableDirectory.require(out, "output directory (--out)");
    w.println(deviceLine());
    CompletionExperiment.Settings settings = settings(scale);
    try (CompletionExperiment experiment = new CompletionExperiment(model.directory(), settings)) {
      MgsRun base = settings.base();
      w.printf(Locale.ROOT, "MGS: %s; batch %d; validation %d passages, perplexity within %.2fx the MLE model's "
              + "(%.2f); test passages %d%n",
          base.describe(), settings.batch(), settings.validPassages(), settings.perplexityBudget(),
          experiment.mleValidPerplexity(), settings.testPassages());
      w.flush();

      RowRun mle;
      try (ProgressBar bar = Progress.bar("eval MLE", experiment.testBatches())) {
        mle = experiment.evaluateMle(b -> bar.step());
      }
      double mlePerplexity = mle.metrics().perplexity();
      List<RowSpec> rows = List.of(RowSpec.of("MGS-LM", "lm", base), RowSpec.of("MGS-edit", "edit-raw", base));
      List<Long> seeds = full ? List.of(seed, seed + 1, seed + 2) : List.of(seed);
      Map<RowSpec, List<RowRun>> runs = new LinkedHashMap<>();
      for (RowSpec row : rows) {
        List<RowRun> perSeed = new ArrayList<>();
        for (long s : seeds) {
          perSeed.add(train(experiment, row, s, true));
        }
        runs.put(row, perSeed);
      }
      List<RowRun> baselineRuns = new ArrayList<>();
      if (baselines) {
        for (BaselineRun.Method method : BaselineRun.Method.values()) {
          baselineRuns.add(trainBaseline(experiment, method));
        }
      }

      List<RowSummary> table = new ArrayList<>();
      table.add(RowSummary.of(mle.metrics()));
      runs.forEach((row, perSeed) ->
          table.add(new RowSummary(row.name(), perSeed.stream().map(RowRun::metrics).toList())));
      baselineRuns.forEach(r -> table.add(RowSummary.of(r.metrics())));
      table.add(RowSummary.of(experiment.human()));
      List<TrainingCost> costs = new ArrayList<>();
      if (baselines) {
        runs.values().forEach(l -> costs.add(l.get(0).cost()));
        baselineRuns.forEach(r -> costs.add(r.cost()));
      }

      ObjectNode json = ResultsReport.object();
      ObjectNode figures = ResultsReport.object();
      List<RowRun> plotted = runs.values().stream().map(l -> l.get(0)).toList();
      List<RowRun> table7 = List.of();
      List<RowRun> alphaRuns = List.of();
      if (full) {
        RowRun mixture = runs.get(rows.get(0)).get(0);
        table7 = List.of(mixture,
            train(experiment, new RowSpec("q_zero", "lm", ComponentAssignment.ZERO_ONLY, base.alpha()), seed, true),
            train(experiment, new RowSpec("q_MLE", "lm", ComponentAssignment.MLE_ONLY, base.alpha()), seed, true));
        alphaRuns = new ArrayList<>();
        for (double alpha : ALPHAS) {
          alphaRuns.add(alpha == base.alpha() ? mixture
              : train(experiment, new RowSpec(String.format(Locale.ROOT, "MGS-LM alpha=%s", alpha), "lm",
                  base.components(), alpha), seed, false));
        }
      }

      w.println();
      ResultsReport.printSummaries(table, mlePerplexity, w);
      if (baselines) {
        w.println();
        ResultsReport.printCosts(costs, w);
      }
      List<RowRun> sampled = new ArrayList<>(plotted);
      sampled.addAll(baselineRuns);
      printSamples(w, experiment, mle, sampled);
      if (full) {
        w.printf(Locale.ROOT, "%nTable 7 (LM task loss, seed %d):%n", seed);
        ResultsReport.printTable7(table7.stream().map(r -> renamed(r.metrics(),
            r.spec().components() == ComponentAssignment.ALTERNATING ? "q_MGS" : r.spec().name())).toList(), w);
        w.printf(Locale.ROOT, "%nFig. 4 (final validation LM task loss by alpha):%n");
        for (RowRun r : alphaRuns) {
          w.printf(Locale.ROOT, "  alpha %-6s %.3f%n", r.spec().alpha(), keptTaskLoss(r));
        }
      }

      List<Path> written = new ArrayList<>(TrainingPlots.write(plotted, out));
      ArrayNode tableJson = json.putArray("rows");
      for (RowSummary r : table) {
        ResultsReport.summary(tableJson.addObject(), r, mlePerplexity);
      }
      ArrayNode runsJson = figures.putArray("runs");
      runs.values().forEach(l -> l.forEach(r -> ResultsReport.run(runsJson.addObject(), r)));
      baselineRuns.forEach(r -> ResultsReport.run(runsJson.addObject(), r));
      ResultsReport.training(json, costs);
      if (full) {
        ArrayNode t7 = json.putArray("table7");
        for (RowRun r : table7) {
          CompletionMetrics m = r.metrics();
          t7.addObject()
              .put("proposal", r.spec().components() == ComponentAssignment.ALTERNATING ? "q_MGS" : r.spec().name())
              .put("lm_cost", m.lm()).put("nonterm", m.nonterm()).put("perplexity", m.perplexity())
              .put("perplexity_ratio", m.perplexity() / mlePerplexity);
          if (r != table7.get(0)) {
            ResultsReport.run(runsJson.addObject(), r);
          }
        }
        ArrayNode fig4 = figures.putArray("fig4_alpha");
        double[] alphas = new double[alphaRuns.size()];
        double[] losses = new double[alphaRuns.size()];
        for (int i = 0; i < alphaRuns.size(); i++) {
          RowRun r = alphaRuns.get(i);
          alphas[i] = r.spec().alpha();
          losses[i] = keptTaskLoss(r);
          ResultsReport.run(fig4.addObject().put("final_validation_task_loss", losses[i]), r);
        }
        written.add(TrainingPlots.writeAlpha(alphas, losses, out.resolve("fig4_alpha.png")));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      json.set("figures", figures);
      json.put("settings", base.describe() + "; batch " + settings.batch() + "; validation passages "
          + settings.validPassages() + "; test passages " + settings.testPassages() + "; perplexity budget "
          + settings.perplexityBudget());
      json.put("mle_validation_perplexity", experiment.mleValidPerplexity());
      json.put("wall_time_s", seconds);
      json.put("load_average_at_start", loadAtStart);
      json.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      written.add(0, ResultsReport.write(json, out.resolve("results.json")));
      w.printf(Locale.ROOT, "%nwrote %s%nwall time %.1f s (load average %.1f at the start, %.1f at the end)%n",
          written, seconds, loadAtStart, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      w.flush();
    }
    return 0;
  }

  /** One line naming the device every array lives on, e.g. {@code device: cpu (PyTorch 2.7.1, no GPU visible)}. */
  static String deviceLine() {
    Engine engine = Engine.getInstance();
    Device device = engine.defaultDevice();
    int gpus = engine.getGpuCount();
    return String.format(Locale.ROOT, "device: %s (%s %s, %s)",
        device.isGpu() ? "gpu " + device.getDeviceId() : "cpu", engine.getEngineName(), engine.getVersion(),
        gpus == 0 ? "no GPU visible" : gpus + " GPU" + (gpus == 1 ? "" : "s") + " visible");
  }

  /** The validation task loss of the state a run kept. */
  private static double keptTaskLoss(RowRun run) {
    return run.kept() == null ? Double.NaN : run.kept().taskLoss();
  }

  private static CompletionMetrics renamed(CompletionMetrics m, String name) {
    return new CompletionMetrics(name, m.lm(), m.edit(), m.nonterm(), m.repetition(), m.avgLen(), m.perplexity());
  }

  private RowRun train(CompletionExperiment experiment, RowSpec row, long s, boolean evaluate) throws IOException {
    String label = row.name() + (full ? " seed " + s : "");
    RowRun run;
    try (ProgressBar bar = Progress.bar(label, experiment.settings().base().steps())) {
      run = experiment.train(row, s, evaluate,
          d -> {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, " C %.3f", d.baseLoss()));
          },
          b -> {});
    }
    report(label, run);
    return run;
  }

  /** One line on the console's error stream: the steps a run took, the state it kept, its time. */
  private void report(String label, RowRun run) {
    GuardedTaskLossValidator.ValidationPoint kept = run.kept();
    spec.commandLine().getErr().printf(Locale.ROOT,
        "%s: %d steps, kept step %d (validation task loss %.3f, perplexity %.2f), %.0f s%n", label,
        run.result().stepsCompleted(), run.result().bestStep(), kept == null ? Double.NaN : kept.taskLoss(),
        kept == null ? Double.NaN : kept.perplexity(), run.seconds());
  }

  private RowRun trainBaseline(CompletionExperiment experiment, BaselineRun.Method method) throws IOException {
    String label = method + "-edit";
    RowRun run;
    try (ProgressBar bar = Progress.bar(label, experiment.settings().base().steps())) {
      run = experiment.trainBaseline(method, seed,
          d -> {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, " c %.3f", d.meanSampleLoss()));
          },
          b -> {});
    }
    report(label, run);
    return run;
  }

  private static void printSamples(PrintWriter w, CompletionExperiment experiment, RowRun mle, List<RowRun> runs) {
    TextTokenizer tokenizer = experiment.tokenizer();
    Map<String, int[][]> samples = new LinkedHashMap<>();
    samples.put("MLE", mle.samples());
    for (RowRun r : runs) {
      samples.put(r.spec().name(), r.samples());
    }
    var first = experiment.test().get(0);
    int n = Math.min(3, first.size());
    int[][] human = new int[n][];
    for (int i = 0; i < n; i++) {
      human[i] = first.target(i);
    }
    samples.put("Human", human);
    w.println();
    w.println("Continuations (greedy, first 60 tokens):");
    for (int i = 0; i < n; i++) {
      w.printf(Locale.ROOT, "%nPrefix: %s%n", tokenizer.decode(first.context(i)).strip());
      for (Map.Entry<String, int[][]> e : samples.entrySet()) {
        String text = tokenizer.decode(e.getValue()[i]).replace(TextTokenizer.END_OF_TEXT, " <eos>").strip();
        w.printf(Locale.ROOT, "  %-9s %s%n", e.getKey() + ":", text.length() > 300 ? text.substring(0, 300) + "…" : text);
      }
    }
    w.flush();
  }
}
