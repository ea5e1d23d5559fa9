package io.github.mgs4j.examples.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** PNG plots of MGS training traces, as the paper's Figs. 1–3 (XChart). */
public final class TrainingPlots {
  private TrainingPlots() {}

  /**
   * Writes {@code fig1_task_loss.png}, {@code fig2_weight_std.png} and {@code fig3_mle_weight_share.png}.
   *
   * @param traces one trace per training run
   * @param directory the output directory
   * @return the written files
   */
  public static List<Path> write(List<MgsTrace> traces, Path directory) throws IOException {
    return List.of(
        plot(traces, MgsTrace::taskLoss, "Training task loss C(θ)", "task loss (normalised per run)", true,
            directory.resolve("fig1_task_loss.png")),
        plot(traces, MgsTrace::weightStd, "Std of candidate weights", "std(w)", false,
            directory.resolve("fig2_weight_std.png")),
        plot(traces, MgsTrace::mleShare, "Weight on MLE-component candidates", "share", false,
            directory.resolve("fig3_mle_weight_share.png")));
  }

  private static Path plot(List<MgsTrace> traces, Function<MgsTrace, List<Double>> series, String title,
      String yTitle, boolean normalise, Path file) throws IOException {
    XYChart chart = new XYChartBuilder().width(720).height(420).title(title).xAxisTitle("step").yAxisTitle(yTitle)
        .build();
    for (MgsTrace trace : traces) {
      List<Double> values = series.apply(trace);
      if (values.isEmpty()) {
        continue;
      }
      double first = values.get(0) == 0 ? 1 : values.get(0);
      double[] y = values.stream().mapToDouble(v -> normalise ? v / first : v).toArray();
      double[] x = IntStream.range(0, y.length).asDoubleStream().toArray();
      chart.addSeries(trace.name(), x, smooth(y));
    }
    String name = file.getFileName().toString();
    BitmapEncoder.saveBitmap(chart, file.getParent().resolve(name.substring(0, name.length() - 4)).toString(),
        BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  /** A trailing moving average over 10 steps, as the noisy per-batch values are hard to read. */
  static double[] smooth(double[] y) {
    double[] out = new double[y.length];
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += y[i];
      if (i >= 10) {
        sum -= y[i - 10];
      }
      out[i] = sum / Math.min(i + 1, 10);
    }
    return out;
  }

  /**
   * Writes one line chart (PNG) of named series.
   *
   * @param series per series name, its x values and y values (same length)
   * @param title the chart title
   * @param xTitle the x axis title
   * @param yTitle the y axis title
   * @param smoothed whether to plot the 10-point trailing moving average of y instead of y
   * @param file the {@code .png} file
   * @return the file
   */
  public static Path lines(java.util.Map<String, double[][]> series, String title, String xTitle, String yTitle,
      boolean smoothed, Path file) throws IOException {
    XYChart chart = new XYChartBuilder().width(720).height(420).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
        .build();
    for (java.util.Map.Entry<String, double[][]> e : series.entrySet()) {
      double[] x = e.getValue()[0];
      double[] y = e.getValue()[1];
      if (y.length > 0) {
        chart.addSeries(e.getKey(), x, smoothed ? smooth(y) : y);
      }
    }
    String name = file.getFileName().toString();
    BitmapEncoder.saveBitmap(chart, file.getParent().resolve(name.substring(0, name.length() - 4)).toString(),
        BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
