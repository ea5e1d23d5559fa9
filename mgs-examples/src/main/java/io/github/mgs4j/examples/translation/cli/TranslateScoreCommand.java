package io.github.mgs4j.examples.translation.cli;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.examples.translation.MarianCheckpoint;
import io.github.mgs4j.examples.translation.MarianModel;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code translate score}: per (source, target) pair, in order, the summed natural-log probability of the
 * target ids, each given the source and the previous target ids after the decoder start token.
 */
@Command(name = "score", mixinStandardHelpOptions = true, description = "Log-probabilities of target ids.")
public final class TranslateScoreCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(names = "--source-ids", required = true, description = "Comma-separated source ids, repeatable.")
  List<String> sourceIds;

  @Option(names = "--target-ids", required = true, description = "Comma-separated target ids, repeatable, "
      + "paired in order with --source-ids.")
  List<String> targetIds;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int[][] sources = TokenIds.parse("--source-ids", sourceIds);
    int[][] targets = TokenIds.parse("--target-ids", targetIds);
    if (sources.length != targets.length) {
      throw new IllegalArgumentException(
          sources.length + " --source-ids but " + targets.length + " --target-ids: give them in pairs");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (MarianModel marian = MarianCheckpoint.load(model.directory());
        NDManager manager = NDManager.newBaseManager()) {
      for (double score : marian.continuationLogProbability(manager, sources, targets)) {
        out.println(String.format(Locale.ROOT, "%.6f", score));
      }
    }
    out.flush();
    return 0;
  }
}
