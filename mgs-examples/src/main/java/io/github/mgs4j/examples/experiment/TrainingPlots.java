package io.github.mgs4j.examples.experiment;

import io.github.mgs4j.examples.experiment.CompletionExperiment.RowRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of MGS training runs, as the paper's Figs. 1–4 (XChart). */
public final class TrainingPlots {
  private TrainingPlots() {}

  /**
   * Writes {@code fig1_task_loss.png} (training C(θ) and the validation task loss, each normalised to its
   * first value), {@code fig2_weight_std.png} and {@code fig3_mle_weight_share.png}.
   *
   * @param runs one entry per training run
   * @param directory the output directory
   * @return the written files
   */
  public static List<Path> write(List<RowRun> runs, Path directory) throws IOException {
    XYChart fig1 = chart("Task loss C(θ): training (10-step mean) and validation", "task loss / first value");
    for (RowRun run : runs) {
      addSeries(fig1, run.trace().name() + " train", run.trace().taskLoss(), true);
      List<GuardedTaskLossValidator.ValidationPoint> points = run.validation();
      if (!points.isEmpty()) {
        double first = points.get(0).taskLoss() == 0 ? 1 : points.get(0).taskLoss();
        XYSeries s = fig1.addSeries(run.trace().name() + " validation",
            points.stream().mapToDouble(GuardedTaskLossValidator.ValidationPoint::step).toArray(),
            points.stream().mapToDouble(p -> p.taskLoss() / first).toArray());
        s.setMarker(SeriesMarkers.CIRCLE);
      }
    }
    List<Path> files = new ArrayList<>();
    files.add(save(fig1, directory.resolve("fig1_task_loss.png")));
    files.add(plot(runs, MgsTrace::weightStd, "Std of candidate weights (unbiased)", "std(w)",
        directory.resolve("fig2_weight_std.png")));
    files.add(plot(runs, MgsTrace::mleShare, "Weight on MLE-component candidates", "share",
        directory.resolve("fig3_mle_weight_share.png")));
    return files;
  }

  /**
   * Writes {@code fig4_alpha.png}: the validation task loss of the kept state against α (log axis).
   *
   * @param alphas α of each run
   * @param finalLosses the validation task loss of each run's kept state
   * @param file the PNG to write
   */
  public static Path writeAlpha(double[] alphas, double[] finalLosses, Path file) throws IOException {
    XYChart chart = new XYChartBuilder().width(720).height(420).title("Final validation task loss against α")
        .xAxisTitle("α").yAxisTitle("validation task loss").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendVisible(false);
    chart.addSeries("MGS-LM", alphas, finalLosses).setMarker(SeriesMarkers.CIRCLE);
    return save(chart, file);
  }

  private static Path plot(List<RowRun> runs, Function<MgsTrace, List<Double>> series, String title,
      String yTitle, Path file) throws IOException {
    XYChart chart = chart(title, yTitle);
    for (RowRun run : runs) {
      addSeries(chart, run.trace().name(), series.apply(run.trace()), false);
    }
    return save(chart, file);
  }

  private static XYChart chart(String title, String yTitle) {
    return new XYChartBuilder().width(720).height(420).title(title).xAxisTitle("step").yAxisTitle(yTitle).build();
  }

  private static void addSeries(XYChart chart, String name, List<Double> values, boolean normalise) {
    if (values.isEmpty()) {
      return;
    }
    double first = values.get(0) == 0 ? 1 : values.get(0);
    double[] y = values.stream().mapToDouble(v -> normalise ? v / first : v).toArray();
    double[] x = IntStream.range(0, y.length).asDoubleStream().toArray();
    chart.addSeries(name, x, smooth(y)).setMarker(SeriesMarkers.NONE);
  }

  private static Path save(XYChart chart, Path file) throws IOException {
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
