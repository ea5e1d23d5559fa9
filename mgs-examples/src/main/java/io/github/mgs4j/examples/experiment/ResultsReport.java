package io.github.mgs4j.examples.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints Table 1 and writes {@code results.json}. */
public final class ResultsReport {
  private ResultsReport() {}

  /** Prints the table with the paper's columns. */
  public static void print(List<CompletionMetrics> rows, PrintWriter out) {
    out.printf(Locale.ROOT, "%-10s %10s %8s %9s %11s %9s %11s%n",
        "", "LM", "Edit", "Nonterm", "Repetition", "Avg len", "Perplexity");
    for (CompletionMetrics r : rows) {
      out.printf(Locale.ROOT, "%-10s %10.2f %8.3f %9.3f %11.3f %9.1f %11s%n", r.model(), r.lm(), r.edit(),
          r.nonterm(), r.repetition(), r.avgLen(),
          Double.isNaN(r.perplexity()) ? "-" : String.format(Locale.ROOT, "%.2f", r.perplexity()));
    }
    out.flush();
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
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode array = root.putArray("rows");
    for (CompletionMetrics r : rows) {
      ObjectNode o = array.addObject();
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
    }
    if (!costs.isEmpty()) {
      ArrayNode training = root.putArray("training");
      for (TrainingCost c : costs) {
        training.addObject().put("model", c.model()).put("steps", c.steps()).put("seconds_per_step", c.secondsPerStep())
            .put("decoded_tokens_per_step", c.decodedTokensPerStep());
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    return file;
  }
}
