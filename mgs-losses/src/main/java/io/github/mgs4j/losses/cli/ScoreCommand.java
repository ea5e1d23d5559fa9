package io.github.mgs4j.losses.cli;

import io.github.mgs4j.losses.corpus.Chrf;
import io.github.mgs4j.losses.corpus.CorpusBleu;
import io.github.mgs4j.losses.corpus.CorpusMetric;
import io.github.mgs4j.losses.corpus.PairedBootstrap;
import io.github.mgs4j.losses.meteor.WordNet;
import io.github.mgs4j.losses.sentence.SentenceScorer;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code score}: sentence-level scores of JSON Lines pairs (the default), or corpus-level scores and paired
 * bootstrap resampling with {@code --corpus}.
 *
 * <p>Sentence mode reads {@code {"hyp": "...", "ref": "..."}} lines (UTF-8) from standard input and writes one
 * JSON object per input line, in input order, with the ten {@link io.github.mgs4j.losses.sentence.SentenceMetric}
 * fields ({@code id} echoed when present), scoring on every core and writing as it goes. A line that cannot be
 * scored (bad JSON, a missing field, invalid UTF-8, a field over {@code --max-chars}, a blank line) gets an
 * object {@code {"line": N, "error": "..."}} in its place, so output line k always belongs to input line k;
 * {@code --skip} leaves such lines out instead. Either way each is reported on standard error as
 * {@code line N: ...} and the exit code is 1.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Sentence mode (default): JSON Lines {\"hyp\": ..., \"ref\": ...} on stdin -> one JSON object of scores "
          + "per line (sacreBLEU x4, NLTK BLEU, NLTK METEOR, Levenshtein), in input order.",
      "Corpus mode (--corpus): BLEU, chrF2, chrF2++ of a system (sacrebleu 2.6.0), or --paired-bs between a "
          + "baseline and a system."})
public final class ScoreCommand implements Callable<Integer>, Main.Verbosity {
  /** The default for {@code --max-chars}. */
  public static final int DEFAULT_MAX_CHARS = 20_000;

  @Spec
  private CommandSpec spec;

  @Option(names = "--corpus", description = "Corpus-level scores instead of one line per pair.")
  private boolean corpus;

  @Option(names = "--hyp", paramLabel = "FILE",
      description = "Corpus mode: a system's output, one segment per line; with --paired-bs give the baseline "
          + "first, then the system. Without --hyp, JSON Lines come from stdin.")
  private List<Path> hyps = new ArrayList<>();

  @Option(names = "--ref", paramLabel = "FILE", description = "Corpus mode: a reference file (repeat for several).")
  private List<Path> refs = new ArrayList<>();

  @Option(names = "--metrics", split = ",", paramLabel = "NAME",
      description = "Corpus mode: bleu, chrf, chrf++ (default: all three).")
  private List<String> metrics = new ArrayList<>(List.of("bleu", "chrf", "chrf++"));

  @Option(names = "--paired-bs", description = "Corpus mode: paired bootstrap resampling, system vs baseline.")
  private boolean pairedBootstrap;

  @Option(names = "--paired-bs-n", paramLabel = "N", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
  private int resamples = PairedBootstrap.DEFAULT_RESAMPLES;

  @Option(names = "--seed", paramLabel = "SEED", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
  private long seed = PairedBootstrap.DEFAULT_SEED;

  @Option(names = "--threads", paramLabel = "N",
      description = "Sentence mode: scoring threads (default: the number of cores).")
  private int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--max-chars", paramLabel = "N",
      description = "Longest hyp/ref accepted, in UTF-16 characters; longer lines are errors (default: "
          + "${DEFAULT-VALUE}; 0: no limit).")
  private int maxChars = DEFAULT_MAX_CHARS;

  @Option(names = "--skip", description = "Sentence mode: leave bad lines out of the output instead of writing "
      + "an error object in their place (they are still reported on stderr).")
  private boolean skip;

  @Option(names = "--verbose", description = "Print stack traces of unexpected failures.")
  private boolean verbose;

  private final InputStream in;
  private final OutputStream out;

  /** A command reading {@code System.in} and writing {@code System.out}. */
  public ScoreCommand() {
    this(System.in, new FileOutputStream(FileDescriptor.out));
  }

  /**
   * A command on the given streams.
   *
   * @param in the input (JSON Lines)
   * @param out where results go
   */
  public ScoreCommand(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  @Override
  public boolean verbose() {
    return verbose;
  }

  @Override
  public Integer call() throws Exception {
    if (maxChars < 0) {
      throw new ParameterException(spec.commandLine(), "--max-chars must be >= 0, got " + maxChars);
    }
    if (threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
    }
    if (corpus) {
      return corpus();
    }
    if (!hyps.isEmpty() || !refs.isEmpty() || pairedBootstrap) {
      throw new ParameterException(spec.commandLine(), "--hyp, --ref and --paired-bs need --corpus");
    }
    Thread preload = new Thread(WordNet::get, "mgs-wordnet-load");
    preload.setDaemon(true);
    preload.start();
    PrintWriter err = spec.commandLine().getErr();
    OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    int bad = new ScoringPipeline(SentenceScorer.all(), threads, maxChars, skip, verbose).run(in, buffered, err);
    buffered.flush();
    return bad == 0 ? 0 : 1;
  }

  private int corpus() throws Exception {
    List<CorpusMetric> chosen = new ArrayList<>();
    for (String m : metrics) {
      switch (m.toLowerCase(Locale.ROOT)) {
        case "bleu":
          chosen.add(CorpusBleu.sacrebleu());
          break;
        case "chrf":
          chosen.add(Chrf.chrf());
          break;
        case "chrf++":
          chosen.add(Chrf.chrfPlusPlus());
          break;
        default:
          throw new ParameterException(spec.commandLine(), "unknown metric '" + m + "': use bleu, chrf, chrf++");
      }
    }
    int systems = pairedBootstrap ? 2 : 1;
    CorpusRun.Corpus data;
    if (hyps.isEmpty()) {
      if (!refs.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--ref needs --hyp (or give JSON Lines on stdin alone)");
      }
      data = CorpusRun.fromJsonLines(in, pairedBootstrap, maxChars);
    } else {
      if (hyps.size() != systems) {
        throw new ParameterException(spec.commandLine(), pairedBootstrap
            ? "--paired-bs needs two --hyp files: the baseline, then the system"
            : "give one --hyp file (two with --paired-bs)");
      }
      if (refs.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--hyp needs at least one --ref file");
      }
      data = CorpusRun.fromFiles(hyps, refs);
    }
    String json = pairedBootstrap
        ? CorpusRun.pairedBootstrap(data, chosen, new PairedBootstrap(resamples, seed))
        : CorpusRun.scores(data, chosen);
    out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return 0;
  }
}
