package io.github.mgs4j.core.sequence;

import java.util.Arrays;
import java.util.Objects;

/**
 * The candidate continuations of one batch, grouped by example, with their task losses: row r holds
 * example {@link #example(int) example(r)}'s candidate {@link #continuation(int) continuation(r)} scored
 * {@link #cost(int) cost(r)} = c(Ŷ, Y). Rows of one example are contiguous and every example has at least one.
 * Immutable.
 */
public final class SampledSequences {
  private final int examples;
  private final int[][] contexts;
  private final int[][] continuations;
  private final int[] exampleOfRow;
  private final double[] costs;
  private final boolean[] reference;
  private final int[] firstRow;
  private final long decodedTokens;

  /**
   * Creates the set.
   *
   * @param examples the number of examples
   * @param contexts the context of each row's example
   * @param continuations each row's non-empty continuation
   * @param exampleOfRow each row's example, non-decreasing, covering every example
   * @param costs each row's finite task loss
   * @param reference per row, whether it is the example's reference Y*
   * @param decodedTokens tokens the decoders generated to produce the candidates (the step's decoding cost)
   * @throws IllegalArgumentException if the arrays disagree in length, an example has no row, a continuation is
   *     empty or a cost is not finite
   */
  public SampledSequences(int examples, int[][] contexts, int[][] continuations, int[] exampleOfRow,
      double[] costs, boolean[] reference, long decodedTokens) {
    int rows = Objects.requireNonNull(continuations, "continuations").length;
    if (contexts.length != rows || exampleOfRow.length != rows || costs.length != rows || reference.length != rows) {
      throw new IllegalArgumentException("mismatched candidate arrays: " + rows + " continuations, "
          + contexts.length + " contexts, " + exampleOfRow.length + " example indices, " + costs.length
          + " costs, " + reference.length + " reference flags");
    }
    this.examples = examples;
    this.firstRow = new int[examples + 1];
    for (int r = 0; r < rows; r++) {
      int previous = r == 0 ? -1 : exampleOfRow[r - 1];
      if (exampleOfRow[r] != previous && exampleOfRow[r] != previous + 1) {
        throw new IllegalArgumentException("rows must be grouped by example 0.." + (examples - 1)
            + " in order, each with at least one row; row " + r + " belongs to example " + exampleOfRow[r]);
      }
      if (exampleOfRow[r] != previous) {
        firstRow[exampleOfRow[r]] = r;
      }
      if (continuations[r] == null || continuations[r].length == 0) {
        throw new IllegalArgumentException("empty continuation in candidate row " + r);
      }
      if (!Double.isFinite(costs[r])) {
        throw new IllegalArgumentException("candidate row " + r + " has task loss " + costs[r]);
      }
    }
    if (rows == 0 || exampleOfRow[rows - 1] != examples - 1) {
      throw new IllegalArgumentException("every one of the " + examples + " examples needs at least one candidate");
    }
    firstRow[examples] = rows;
    this.contexts = deepCopy(contexts);
    this.continuations = deepCopy(continuations);
    this.exampleOfRow = exampleOfRow.clone();
    this.costs = costs.clone();
    this.reference = reference.clone();
    this.decodedTokens = decodedTokens;
  }

  /** The number of examples. */
  public int examples() {
    return examples;
  }

  /** The number of candidate rows over all examples. */
  public int rows() {
    return continuations.length;
  }

  /** The first row of example {@code e}. */
  public int firstRow(int e) {
    return firstRow[e];
  }

  /** The number of candidates of example {@code e}. */
  public int size(int e) {
    return firstRow[e + 1] - firstRow[e];
  }

  /** The example of row {@code r}. */
  public int example(int r) {
    return exampleOfRow[r];
  }

  /** A copy of row {@code r}'s continuation. */
  public int[] continuation(int r) {
    return continuations[r].clone();
  }

  /** The task loss of row {@code r}. */
  public double cost(int r) {
    return costs[r];
  }

  /** Whether row {@code r} is its example's reference Y*. */
  public boolean isReference(int r) {
    return reference[r];
  }

  /** Copies of every row's context, for {@code sequenceLogProbability}. */
  public int[][] contexts() {
    return deepCopy(contexts);
  }

  /** Copies of every row's continuation, for {@code sequenceLogProbability}. */
  public int[][] continuations() {
    return deepCopy(continuations);
  }

  /** Every row's task loss. */
  public double[] costs() {
    return costs.clone();
  }

  /** Each row's example index. */
  public int[] exampleOfRow() {
    return exampleOfRow.clone();
  }

  /** Tokens the decoders generated for this set (the reference costs nothing). */
  public long decodedTokens() {
    return decodedTokens;
  }

  /** The mean task loss over the rows that were decoded (the reference excluded). */
  public double meanDecodedCost() {
    return moments()[0];
  }

  /** The variance (÷ n) of the task loss over the rows that were decoded (the reference excluded). */
  public double decodedCostVariance() {
    return moments()[1];
  }

  private double[] moments() {
    double sum = 0;
    int n = 0;
    for (int r = 0; r < costs.length; r++) {
      if (!reference[r]) {
        sum += costs[r];
        n++;
      }
    }
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double mean = sum / n;
    double squares = 0;
    for (int r = 0; r < costs.length; r++) {
      if (!reference[r]) {
        squares += (costs[r] - mean) * (costs[r] - mean);
      }
    }
    return new double[] {mean, squares / n};
  }

  private static int[][] deepCopy(int[][] rows) {
    int[][] copy = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = Objects.requireNonNull(rows[i], "row " + i).clone();
    }
    return copy;
  }

  @Override
  public String toString() {
    return "SampledSequences{examples=" + examples + ", rows=" + rows() + ", costs=" + Arrays.toString(costs) + "}";
  }
}
