package io.github.mgs4j.examples.experiment;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A table row over one or more seeds: the mean of every metric and its sample standard deviation (divisor
 * n − 1; 0 for one seed).
 *
 * @param name the row's name
 * @param seeds one Table 1 row per seed
 */
public record RowSummary(String name, List<CompletionMetrics> seeds) {
  /** Copies the list and checks that it is not empty. */
  public RowSummary {
    seeds = List.copyOf(seeds);
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("row " + name + " has no runs");
    }
  }

  /** A one-seed row. */
  public static RowSummary of(CompletionMetrics metrics) {
    return new RowSummary(metrics.model(), List.of(metrics));
  }

  /** The means, as one row. */
  public CompletionMetrics mean() {
    return new CompletionMetrics(name, mean(CompletionMetrics::lm), mean(CompletionMetrics::edit),
        mean(CompletionMetrics::nonterm), mean(CompletionMetrics::repetition), mean(CompletionMetrics::avgLen),
        mean(CompletionMetrics::perplexity));
  }

  /** The sample standard deviations, as one row (all 0 for one seed). */
  public CompletionMetrics std() {
    return new CompletionMetrics(name, std(CompletionMetrics::lm), std(CompletionMetrics::edit),
        std(CompletionMetrics::nonterm), std(CompletionMetrics::repetition), std(CompletionMetrics::avgLen),
        std(CompletionMetrics::perplexity));
  }

  /** The mean of one metric. */
  public double mean(ToDoubleFunction<CompletionMetrics> metric) {
    return seeds.stream().mapToDouble(metric).average().orElseThrow();
  }

  /** The sample standard deviation of one metric (0 for one seed). */
  public double std(ToDoubleFunction<CompletionMetrics> metric) {
    if (seeds.size() < 2) {
      return 0;
    }
    double mean = mean(metric);
    double s = 0;
    for (CompletionMetrics m : seeds) {
      double d = metric.applyAsDouble(m) - mean;
      s += d * d;
    }
    return Math.sqrt(s / (seeds.size() - 1));
  }
}
