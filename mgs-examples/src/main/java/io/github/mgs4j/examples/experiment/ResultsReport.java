package io.github.mgs4j.examples.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.examples.experiment.CompletionExperiment.RowRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Prints Table 1 (and the Table 7 ablation) and writes {@code results.json}. */
public final class ResultsReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultsReport() {}

  /** Prints the table with the paper's columns. */
  public static void print(List<CompletionMetrics> rows, PrintWriter out) {
    printSummaries(rows.stream().map(RowSummary::of).toList(), Double.NaN, out);
  }

  /**
   * Prints Table 1 with the paper's columns, mean ± std where a row has several seeds, and each row's
   * perplexity as a ratio to {@code mlePerplexity} (left out when NaN).
   */
  public static void printSummaries(List<RowSummary> rows, double mlePerplexity, PrintWriter out) {
    boolean spread = rows.stream().anyMatch(r -> r.seeds().size() > 1);
    int w = spread ? 17 : 10;
    String format = "%-10s %" + w + "s %" + w + "s %" + w + "s %" + w + "s %" + w + "s %" + w + "s%s%n";
    out.printf(Locale.ROOT, format, "", "LM", "Edit", "Nonterm", "Repetition", "Avg len", "Perplexity",
        Double.isNaN(mlePerplexity) ? "" : "   ppl / MLE");
    for (RowSummary r : rows) {
      boolean hasPerplexity = !Double.isNaN(r.mean(CompletionMetrics::perplexity));
      out.printf(Locale.ROOT, format, r.name(),
          cell(r, CompletionMetrics::lm, "%.2f"), cell(r, CompletionMetrics::edit, "%.3f"),
          cell(r, CompletionMetrics::nonterm, "%.3f"), cell(r, CompletionMetrics::repetition, "%.3f"),
          cell(r, CompletionMetrics::avgLen, "%.1f"),
          hasPerplexity ? cell(r, CompletionMetrics::perplexity, "%.2f") : "-",
          Double.isNaN(mlePerplexity) || !hasPerplexity ? ""
              : String.format(Locale.ROOT, "   %.3f", r.mean(CompletionMetrics::perplexity) / mlePerplexity));
    }
    out.flush();
  }

  /** Prints the paper's Table 7: the LM task loss, non-termination and perplexity per proposal. */
  public static void printTable7(List<CompletionMetrics> rows, PrintWriter out) {
    out.printf(Locale.ROOT, "%-10s %10s %9s %11s%n", "proposal", "LM cost", "Nonterm", "Perplexity");
    for (CompletionMetrics r : rows) {
      out.printf(Locale.ROOT, "%-10s %10.2f %9.3f %11.2f%n", r.model(), r.lm(), r.nonterm(), r.perplexity());
    }
    out.flush();
  }

  private static String cell(RowSummary r, ToDoubleFunction<CompletionMetrics> metric, String format) {
    String mean = String.format(Locale.ROOT, format, r.mean(metric));
    return r.seeds().size() < 2 ? mean : mean + " ± " + String.format(Locale.ROOT, format, r.std(metric));
  }

  /** Writes {@code {"rows":[{"model":…,"lm":…,…}]}} (perplexity {@code null} where not defined). */
  public static Path writeJson(List<CompletionMetrics> rows, Path file) throws IOException {
    return writeJson(rows, List.of(), file);
  }

  /** Prints what fine-tuning each row cost. */
  public static void printCosts(List<TrainingCost> costs, PrintWriter out) {
    out.printf(Locale.ROOT, "%-10s %6s %10s %18s%n", "Training", "steps", "s/step", "decoded tok/step");
    for (TrainingCost c : costs) {
      out.printf(Locale.ROOT, "%-10s %6d %10.2f %18.0f%n", c.model(), c.steps(), c.secondsPerStep(),
          c.decodedTokensPerStep());
    }
    out.flush();
  }

  /**
   * Writes the rows as {@link #writeJson(List, Path)} does, plus, when there are any, {@code "training":[{"model",
   * "steps","seconds_per_step","decoded_tokens_per_step"}]}.
   */
  public static Path writeJson(List<CompletionMetrics> rows, List<TrainingCost> costs, Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("rows");
    for (CompletionMetrics r : rows) {
      metrics(array.addObject(), r);
    }
    training(root, costs);
    return write(root, file);
  }

  /**
   * Adds {@code "training":[{"model","steps","seconds_per_step","decoded_tokens_per_step"}]} to {@code root}
   * when there are any costs.
   */
  public static ObjectNode training(ObjectNode root, List<TrainingCost> costs) {
    if (!costs.isEmpty()) {
      ArrayNode training = root.putArray("training");
      for (TrainingCost c : costs) {
        training.addObject().put("model", c.model()).put("steps", c.steps()).put("seconds_per_step", c.secondsPerStep())
            .put("decoded_tokens_per_step", c.decodedTokensPerStep());
      }
    }
    return root;
  }

  /** Writes a JSON document, creating the directory. */
  public static Path write(ObjectNode root, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    return file;
  }

  /** A new empty JSON object. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /**
   * A summary row: the means under the Table 1 keys, {@code perplexity_ratio} to the MLE row's perplexity,
   * and with several seeds {@code std} (the same keys) and {@code seeds} (one object per seed).
   */
  public static ObjectNode summary(ObjectNode o, RowSummary row, double mlePerplexity) {
    metrics(o, row.mean());
    double ppl = row.mean(CompletionMetrics::perplexity);
    if (!Double.isNaN(ppl) && !Double.isNaN(mlePerplexity)) {
      o.put("perplexity_ratio", ppl / mlePerplexity);
    }
    if (row.seeds().size() > 1) {
      metrics(o.putObject("std"), row.std()).remove("model");
      ArrayNode seeds = o.putArray("seeds");
      row.seeds().forEach(m -> metrics(seeds.addObject(), m).remove("model"));
    }
    return o;
  }

  /** The Table 1 keys of one row. */
  public static ObjectNode metrics(ObjectNode o, CompletionMetrics r) {
    o.put("model", r.model());
    o.put("lm", r.lm());
    o.put("edit", r.edit());
    o.put("nonterm", r.nonterm());
    o.put("repetition", r.repetition());
    o.put("avg_len", r.avgLen());
    if (Double.isNaN(r.perplexity())) {
      o.putNull("perplexity");
    } else {
      o.put("perplexity", r.perplexity());
    }
    return o;
  }

  /**
   * One training run's series: its name, seed, steps run and the step whose state was kept, for an MGS run the
   * per-step training task loss, weight std and MLE-component weight share (Figs. 1–3), and every validation
   * (task loss, perplexity, within budget, kept).
   */
  public static ObjectNode run(ObjectNode o, RowRun run) {
    o.put("run", run.spec().name());
    o.put("loss", run.spec().loss());
    o.put("proposal", run.spec().components().name().toLowerCase(Locale.ROOT));
    o.put("alpha", run.spec().alpha());
    o.put("seed", run.seed());
    o.put("steps_run", run.result().stepsCompleted());
    o.put("selected_step", run.result().bestStep());
    o.put("seconds", run.seconds());
    if (run.trace() != null) {
      ArrayNode loss = o.putArray("train_task_loss");
      run.trace().taskLoss().forEach(loss::add);
      ArrayNode std = o.putArray("weight_std");
      run.trace().weightStd().forEach(std::add);
      ArrayNode share = o.putArray("mle_weight_share");
      run.trace().mleShare().forEach(share::add);
    }
    ArrayNode validation = o.putArray("validation");
    for (GuardedTaskLossValidator.ValidationPoint p : run.validation()) {
      validation.addObject()
          .put("step", p.step())
          .put("task_loss", p.taskLoss())
          .put("perplexity", p.perplexity())
          .put("within_budget", p.withinBudget())
          .put("selected_so_far", p.best());
    }
    return o;
  }
}
