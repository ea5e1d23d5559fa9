package io.github.mgs4j.examples.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars for the CLI's long loops, drawn on standard error. */
public final class Progress {
  private Progress() {}

  /** A new ASCII progress bar of {@code max} units. */
  public static ProgressBar bar(String task, long max) {
    PrintStream err = System.err;
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .build();
  }
}
