package io.github.mgs4j.examples.cli;

import io.github.mgs4j.core.io.MalformedFileException;
import io.github.mgs4j.examples.data.TextCompletionDataset;
import io.github.mgs4j.examples.data.TextCompletionDataset.Split;
import io.github.mgs4j.examples.data.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a command's text comes from: {@code --data DIR} holding {@code train.txt}, {@code valid.txt} and
 * {@code test.txt} (each optionally {@code .gz}, one passage per line), or the bundled State of the Union
 * splits.
 */
public final class DataSource {
  @Option(names = "--data", description = "A directory with train.txt, valid.txt, test.txt (optionally .gz), "
      + "one passage per line. Default: the bundled State of the Union splits.")
  Path dataDir;

  /** Loads and tokenises a split. */
  public TextCompletionDataset load(Split split, TextTokenizer tokenizer) throws IOException {
    if (dataDir == null) {
      return TextCompletionDataset.bundled(split, tokenizer);
    }
    String base = split.name().toLowerCase(java.util.Locale.ROOT) + ".txt";
    for (String name : new String[] {base, base + ".gz"}) {
      Path file = dataDir.resolve(name);
      if (Files.isRegularFile(file)) {
        return TextCompletionDataset.fromFile(file, tokenizer);
      }
    }
    throw new MalformedFileException(dataDir + ": no " + base + " or " + base + ".gz");
  }
}
