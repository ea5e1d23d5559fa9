package io.github.mgs4j.examples.cli;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: greedy continuation of each row, one JSON array of new token ids per line. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Greedy continuation of each --input-ids row (one JSON array of new ids per line).")
public final class GenerateCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Option(names = "--input-ids", required = true, description = "Comma-separated token ids; repeat for more rows.")
  List<String> inputIds;

  @Option(names = "--max-new-tokens", defaultValue = "20", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int[][] rows = TokenRows.parse(inputIds);
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("--max-new-tokens must be >= 1, got " + maxNewTokens);
    }
    try (Gpt2Model gpt2 = model.load();
        NDManager manager = NDManager.newBaseManager()) {
      TokenRows.checkVocabulary(rows, gpt2.vocabularySize());
      int[] budget = newTokenBudgets(rows, gpt2.maxSequenceLength());
      int[][] generated = new int[rows.length][];
      // Rows with the same budget decode together; the budget differs only where the model's positions cut it.
      for (int limit : Arrays.stream(budget).distinct().toArray()) {
        int[] members = IntStream.range(0, rows.length).filter(r -> budget[r] == limit).toArray();
        int[][] contexts = Arrays.stream(members).mapToObj(r -> rows[r]).toArray(int[][]::new);
        DecodedBatch out = new GreedyDecoder().decode(gpt2, contexts, limit, manager);
        for (int i = 0; i < members.length; i++) {
          generated[members[i]] = out.tokens(i);
        }
      }
      PrintWriter w = spec.commandLine().getOut();
      for (int[] tokens : generated) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int id : tokens) {
          j.add(Integer.toString(id));
        }
        w.println(j);
      }
      w.flush();
    }
    return 0;
  }

  /**
   * Each row's number of new tokens: {@code --max-new-tokens}, clipped where the model's positions end (with a
   * note on stderr).
   *
   * @throws IllegalArgumentException naming the first row whose context alone fills the model's positions
   */
  private int[] newTokenBudgets(int[][] rows, int maxSequenceLength) {
    int[] budget = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      // The last new token is never fed back, so a row of n tokens can grow by maxSequenceLength − n + 1.
      long room = (long) maxSequenceLength - rows[r].length + 1;
      if (rows[r].length > maxSequenceLength) {
        throw new IllegalArgumentException("--input-ids row " + (r + 1) + ": " + rows[r].length
            + " tokens exceed the model's " + maxSequenceLength + " positions");
      }
      budget[r] = (int) Math.min(maxNewTokens, room);
      if (budget[r] < maxNewTokens) {
        spec.commandLine().getErr().printf("note: --input-ids row %d: --max-new-tokens %d clipped to %d (the model"
            + " has %d positions)%n", r + 1, maxNewTokens, budget[r], maxSequenceLength);
      }
    }
    return budget;
  }
}
