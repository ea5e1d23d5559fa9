package io.github.mgs4j.examples.translation.cli;

import io.github.mgs4j.examples.translation.ParallelCorpus;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where sentence pairs come from: the bundled Spanish–English Bible splits, or line-aligned files of the user's
 * ({@code --train-source}/{@code --train-target}, {@code --valid-…}, {@code --test-…}).
 */
public final class CorpusOptions {
  @Option(names = "--train-source", description = "Training sources, one sentence per line (default: bundled).")
  Path trainSource;

  @Option(names = "--train-target", description = "Training targets, line-aligned with --train-source.")
  Path trainTarget;

  @Option(names = "--valid-source", description = "Validation sources (default: bundled).")
  Path validSource;

  @Option(names = "--valid-target", description = "Validation targets.")
  Path validTarget;

  @Option(names = "--test-source", description = "Test sources (default: bundled).")
  Path testSource;

  @Option(names = "--test-target", description = "Test targets.")
  Path testTarget;

  /** The split from the user's files when given, else the bundled one. */
  public ParallelCorpus load(ParallelCorpus.Split split) throws IOException {
    Path s = switch (split) {
      case TRAIN -> trainSource;
      case VALID -> validSource;
      case TEST -> testSource;
    };
    Path t = switch (split) {
      case TRAIN -> trainTarget;
      case VALID -> validTarget;
      case TEST -> testTarget;
    };
    String name = split.name().toLowerCase(java.util.Locale.ROOT);
    if ((s == null) != (t == null)) {
      throw new IllegalArgumentException("--" + name + "-source and --" + name + "-target go together");
    }
    return s == null ? ParallelCorpus.bundled(split) : ParallelCorpus.fromFiles(s, t);
  }
}
