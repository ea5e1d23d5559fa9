package io.github.mgs4j.examples.translation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.examples.experiment.TrainingPlots;
import io.github.mgs4j.losses.corpus.CorpusBleu;
import io.github.mgs4j.losses.corpus.PairedBootstrap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Prints Table 4, writes {@code results.json} and the PNGs of Figs. 5–7. */
public final class Table4Report {
  private Table4Report() {}

  /**
   * Prints the table: per split, BLEU (beam 5), SBLEU, METEOR, EDIT (greedy), and each MGS row's BLEU
   * difference to MLE with its paired-bootstrap interval where one was computed.
   *
   * @param rows the rows
   * @param intervals per (model, split) key {@code model + "/" + split}, the 95% interval of BLEU(row) − BLEU(MLE)
   * @param out the stream
   */
  public static void print(List<TranslationExperiment.Row> rows, Map<String, double[]> intervals, PrintWriter out) {
    for (String split : new String[] {"valid", "test"}) {
      out.printf(Locale.ROOT, "%n%s%n%-22s %7s %7s %7s %7s  %s%n", split, "", "BLEU", "SBLEU", "METEOR", "EDIT",
          "ΔBLEU vs MLE [95% CI]");
      double mle = Double.NaN;
      for (TranslationExperiment.Row r : rows) {
        if (!r.split().equals(split)) {
          continue;
        }
        TranslationMetrics.Scores s = r.evaluation().scores();
        if (r.model().equals("MLE")) {
          mle = s.bleu();
        }
        double[] ci = intervals.get(r.model() + "/" + split);
        String delta = r.model().equals("MLE") ? "" : String.format(Locale.ROOT, "%+.2f", s.bleu() - mle)
            + (ci == null ? "" : String.format(Locale.ROOT, " [%+.2f, %+.2f]", ci[0], ci[1]));
        out.printf(Locale.ROOT, "%-22s %7.2f %7.2f %7.2f %7.3f  %s%n", r.model(), s.bleu(), s.sbleu(), s.meteor(),
            s.edit(), delta);
      }
    }
    out.flush();
  }

  /**
   * The 95% paired-bootstrap interval of BLEU(row) − BLEU(MLE) for every MGS row and split, as sacrebleu's
   * {@code --paired-bs} resamples (1,000 resamples, seed 12345, the same resamples for both systems), on the
   * beam-5 translations against the references.
   *
   * @param rows the rows (MLE among them)
   * @param references per split, the references in data order
   * @return per key {@code model + "/" + split}, {lower, upper}
   * @throws IllegalArgumentException when a split of an MGS row has no MLE row or no references, or the
   *     translations and references differ in length
   */
  public static Map<String, double[]> bleuDeltaIntervals(List<TranslationExperiment.Row> rows,
      Map<String, List<String>> references) {
    PairedBootstrap bootstrap = PairedBootstrap.sacrebleu();
    Map<String, double[]> out = new LinkedHashMap<>();
    for (TranslationExperiment.Row row : rows) {
      if (row.model().equals("MLE")) {
        continue;
      }
      List<String> baseline = rows.stream()
          .filter(r -> r.model().equals("MLE") && r.split().equals(row.split()))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no MLE row for the " + row.split() + " split"))
          .evaluation().beamTranslations();
      List<String> splitReferences = references.get(row.split());
      if (splitReferences == null) {
        throw new IllegalArgumentException("no references for the " + row.split() + " split");
      }
      PairedBootstrap.Comparison c = bootstrap.compare(CorpusBleu.sacrebleu(), baseline,
          row.evaluation().beamTranslations(), splitReferences);
      out.put(row.model() + "/" + row.split(), new double[] {c.deltaLower(), c.deltaUpper()});
    }
    return out;
  }

  /**
   * Writes {@code {"rows":[{"model","split","bleu","sbleu","meteor","edit","bleu_delta_ci":[lo,hi]}]}}
   * ({@code bleu_delta_ci} null for MLE and where no interval was computed).
   */
  public static Path writeJson(List<TranslationExperiment.Row> rows, Map<String, double[]> intervals, Path file)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode array = root.putArray("rows");
    for (TranslationExperiment.Row r : rows) {
      TranslationMetrics.Scores s = r.evaluation().scores();
      ObjectNode o = array.addObject();
      o.put("model", r.model());
      o.put("split", r.split());
      o.put("bleu", s.bleu());
      o.put("sbleu", s.sbleu());
      o.put("meteor", s.meteor());
      o.put("edit", s.edit());
      double[] ci = intervals.get(r.model() + "/" + r.split());
      if (ci == null) {
        o.putNull("bleu_delta_ci");
      } else {
        o.putArray("bleu_delta_ci").add(ci[0]).add(ci[1]);
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    return file;
  }

  /**
   * Writes {@code fig5_valid_bleu.png} (validation BLEU over MGS steps), {@code fig6_weight_std.png} (std of the
   * candidate weights) and {@code fig7_mle_best_share.png} (running share of steps whose highest-weight candidate
   * came from the MLE component).
   */
  public static List<Path> writeFigures(List<MgsTranslationTrace> traces, Path dir) throws IOException {
    Files.createDirectories(dir);
    return List.of(
        TrainingPlots.lines(series(traces, t -> xy(t.validationSteps(), t.validationBleu())),
            "Validation BLEU (beam 5) during MGS", "step", "BLEU", false, dir.resolve("fig5_valid_bleu.png")),
        TrainingPlots.lines(series(traces, t -> indexed(t.weightStd())),
            "Std of candidate weights", "step", "std(w)", true, dir.resolve("fig6_weight_std.png")),
        TrainingPlots.lines(series(traces, t -> indexed(t.bestIsMle())),
            "Highest-weight candidate from the MLE component", "step", "share (10-step average)", true,
            dir.resolve("fig7_mle_best_share.png")));
  }

  private static Map<String, double[][]> series(List<MgsTranslationTrace> traces,
      Function<MgsTranslationTrace, double[][]> f) {
    Map<String, double[][]> out = new LinkedHashMap<>();
    for (MgsTranslationTrace t : traces) {
      out.put(t.name(), f.apply(t));
    }
    return out;
  }

  private static double[][] xy(List<Double> x, List<Double> y) {
    return new double[][] {x.stream().mapToDouble(Double::doubleValue).toArray(),
      y.stream().mapToDouble(Double::doubleValue).toArray()};
  }

  private static double[][] indexed(List<Double> y) {
    double[] x = new double[y.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    return new double[][] {x, y.stream().mapToDouble(Double::doubleValue).toArray()};
  }
}
