package io.github.mgs4j.examples.translation.cli;

import io.github.mgs4j.examples.cli.Progress;
import io.github.mgs4j.examples.translation.MarianCheckpoint;
import io.github.mgs4j.examples.translation.MarianModel;
import io.github.mgs4j.examples.translation.ParallelCorpus;
import io.github.mgs4j.examples.translation.TranslationData;
import io.github.mgs4j.examples.translation.TranslationEvaluator;
import io.github.mgs4j.examples.translation.TranslationMetrics;
import io.github.mgs4j.examples.translation.TranslationTokenizer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code translate eval}: Table 4's columns for one model on one split: corpus BLEU with beam search
 * ({@code --beam}, default 5), and SBLEU, METEOR and EDIT of greedy translations.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "BLEU, SBLEU, METEOR and EDIT of a model.")
public final class TranslateEvalCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Mixin CorpusOptions corpus;

  @Option(names = "--split", defaultValue = "TEST", description = "valid or test (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--beam", defaultValue = "5", description = "Beam width for BLEU (default: ${DEFAULT-VALUE}).")
  int beam;

  @Option(names = "--size", defaultValue = "0", description = "Pairs evaluated (0 = all).")
  int size;

  @Option(names = "--translations", description = "Write the beam translations here, one per line.")
  Path translations;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (beam < 1) {
      throw new IllegalArgumentException("--beam must be at least 1, got " + beam);
    }
    ParallelCorpus.Split which = switch (split.toLowerCase(Locale.ROOT)) {
      case "valid" -> ParallelCorpus.Split.VALID;
      case "test" -> ParallelCorpus.Split.TEST;
      default -> throw new IllegalArgumentException("--split must be valid or test, got " + split);
    };
    Path dir = model.directory();
    try (TranslationTokenizer tokenizer = TranslationTokenizer.fromDirectory(dir);
        MarianModel marian = MarianCheckpoint.load(dir)) {
      int limit = marian.config().maxPositionEmbeddings() - 1;
      TranslationData data = TranslationData.encode(corpus.load(which), tokenizer, limit);
      if (size > 0) {
        data = data.first(size);
      }
      TranslationEvaluator.Evaluation e;
      try (ProgressBar bar = Progress.bar("eval", 2L * data.size())) {
        e = new TranslationEvaluator(tokenizer, beam, 32, limit).evaluate(marian, data, bar::stepTo);
      }
      if (translations != null) {
        Files.write(translations, e.beamTranslations(), StandardCharsets.UTF_8);
      }
      TranslationMetrics.Scores s = e.scores();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%s (%d pairs): BLEU %.2f (beam %d)  SBLEU %.2f  METEOR %.2f  EDIT %.3f (greedy)%n",
          which.name().toLowerCase(Locale.ROOT), data.size(), s.bleu(), beam, s.sbleu(), s.meteor(), s.edit());
      out.flush();
    }
    return 0;
  }
}
