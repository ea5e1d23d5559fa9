package io.github.mgs4j.examples.cli;

import io.github.mgs4j.core.train.MleStepDiagnostics;
import io.github.mgs4j.core.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.DoubleFunction;
import me.tongfei.progressbar.ProgressBar;

/** An MLE run on the console: a progress bar showing the last batch loss, and one line per validation. */
public final class MleProgress implements TrainingListener<MleStepDiagnostics> {
  private final ProgressBar bar;
  private final PrintWriter err;
  private final String lossName;
  private final DoubleFunction<String> validation;

  /**
   * Creates the listener.
   *
   * @param bar the run's progress bar, one unit per step
   * @param err where validation lines go
   * @param lossName the name shown beside the batch loss on the bar
   * @param validation describes a validation loss, e.g. as "token NLL 4.2000, perplexity 66.69"
   */
  public MleProgress(ProgressBar bar, PrintWriter err, String lossName, DoubleFunction<String> validation) {
    this.bar = bar;
    this.err = err;
    this.lossName = lossName;
    this.validation = validation;
  }

  @Override
  public void onStep(MleStepDiagnostics d) {
    bar.step();
    bar.setExtraMessage(String.format(Locale.ROOT, " %s %.3f", lossName, d.mleLoss()));
  }

  @Override
  public void onValidation(long step, double loss, boolean improved) {
    err.printf(Locale.ROOT, "%nvalidation after %d steps: %s%s%n", step, validation.apply(loss),
        improved ? " (best)" : "");
    err.flush();
  }
}
