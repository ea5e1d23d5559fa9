package io.github.mgs4j.examples.translation.cli;

import io.github.mgs4j.core.io.WritableDirectory;
import io.github.mgs4j.examples.cli.Progress;
import io.github.mgs4j.examples.translation.Table4Report;
import io.github.mgs4j.examples.translation.TranslationExperiment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code translate run}: the paper's Table 4 from the bundled Spanish→English model (or {@code --model-dir}):
 * MLE, MGS-SBLEU, MGS-METEOR and MGS-EDIT on the validation and test splits, {@code results.json}, the
 * translations, and Figs. 5–7.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Table 4: fine-tune the bundled MT model with MGS on SBLEU, METEOR and EDIT and evaluate.")
public final class TranslateRunCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(names = "--quick", description = "A smoke run of a few minutes: 8 MGS steps of 8 pairs per run, 24 selection pairs, 40 pairs per evaluated split.")
  boolean quick;

  @Option(names = "--full", description = "Add MGS-SBLEU trained from a random initialisation.")
  boolean full;

  @Option(names = "--steps", description = "MGS steps per run (default: 60, --quick 8).")
  Integer steps;

  @Option(names = "--out", defaultValue = "translation-run", description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    TranslationExperiment.Settings s = quick ? TranslationExperiment.Settings.quick()
        : TranslationExperiment.Settings.defaults();
    if (full) {
      s = s.withFromScratch();
    }
    if (steps != null) {
      s = new TranslationExperiment.Settings(steps, s.validateEvery(), s.trainPairs(), s.batchRows(),
          s.maxTargetTokens(), s.selectPairs(), s.evalPairs(), s.candidates(), s.alpha(), s.noise(),
          s.learningRate(), s.fromScratch(), s.seed());
    }
    WritableDirectory.require(out, "output directory (--out)");
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    long start = System.nanoTime();
    BarProgress bars = new BarProgress();
    TranslationExperiment.Result result;
    try {
      result = new TranslationExperiment(model.directory(), s, bars, line -> {
        err.println();
        err.println(line);
        err.flush();
      }).run();
    } finally {
      bars.close();
    }
    Map<String, double[]> intervals = Table4Report.bleuDeltaIntervals(result.rows(), result.references());
    Table4Report.print(result.rows(), intervals, stdout);
    Path json = Table4Report.writeJson(result.rows(), intervals, out.resolve("results.json"));
    TranslationExperiment.writeTranslations(result, out);
    Table4Report.writeFigures(result.traces(), out);
    stdout.printf(Locale.ROOT, "%nwrote %s, translations/ and fig5-7 PNGs to %s (%.1f min)%n", json.getFileName(), out,
        (System.nanoTime() - start) / 6e10);
    stdout.flush();
    return 0;
  }

  /** One progress bar per phase. */
  private static final class BarProgress implements TranslationExperiment.Progress, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void phase(String name, long total) {
      close();
      bar = Progress.bar(name, total);
    }

    @Override
    public void done(long units) {
      bar.stepTo(units);
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }
}
