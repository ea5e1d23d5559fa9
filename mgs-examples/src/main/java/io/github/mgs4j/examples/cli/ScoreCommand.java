package io.github.mgs4j.examples.cli;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code score}: per row, the summed log-probability of tokens 2..n given their prefix. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Summed natural-log probability of tokens 2..n of each row given their prefix, one per line.")
public final class ScoreCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Option(names = "--input-ids", required = true, description = "Comma-separated token ids; repeat for more rows.")
  List<String> inputIds;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int[][] rows = TokenRows.parse(inputIds);
    try (Gpt2Model gpt2 = model.load();
        NDManager manager = NDManager.newBaseManager()) {
      TokenRows.checkVocabulary(rows, gpt2.vocabularySize());
      PrintWriter w = spec.commandLine().getOut();
      for (int[] row : rows) {
        if (row.length < 2) {
          w.println(0.0);
          continue;
        }
        double logp = gpt2.continuationLogProbability(
            manager, new int[][] {{row[0]}}, new int[][] {Arrays.copyOfRange(row, 1, row.length)})[0];
        w.println(logp);
      }
      w.flush();
    }
    return 0;
  }
}
