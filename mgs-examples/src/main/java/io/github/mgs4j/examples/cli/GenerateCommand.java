package io.github.mgs4j.examples.cli;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.io.PrintWriter;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
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
      DecodedBatch out = new GreedyDecoder().decode(gpt2, rows, maxNewTokens, manager);
      PrintWriter w = spec.commandLine().getOut();
      for (int i = 0; i < out.size(); i++) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int id : out.tokens(i)) {
          j.add(Integer.toString(id));
        }
        w.println(j);
      }
      w.flush();
    }
    return 0;
  }
}
