package io.github.mgs4j.examples.cli;

import io.github.mgs4j.core.runtime.NativeAllocator;
import io.github.mgs4j.core.runtime.ProcessTuning;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command-line entry point of the example: {@code run} (the main job), {@code mle}, {@code mgs},
 * {@code eval}, {@code generate}, {@code score}, {@code bench} and {@code soak}. Errors are reported as one {@code error:} line with exit
 * code 1 ({@code --verbose} adds the stack trace). {@link #main} first applies mgs4j's process tuning
 * ({@link ProcessTuning#apply()}: glibc's mmap threshold, OpenMP's spin count, the noise sampler's inlining),
 * unless the system property {@code mgs4j.processTuning} is {@code false} (to measure what it buys).
 */
@Command(
    name = "mgs-examples",
    mixinStandardHelpOptions = true,
    version = "mgs4j 0.1.0",
    description = "MLE-guided parameter search on a GPT-2-architecture model (text completion).",
    subcommands = {
      RunCommand.class,
      MleCommand.class,
      MgsCommand.class,
      EvalCommand.class,
      GenerateCommand.class,
      ScoreCommand.class,
      io.github.mgs4j.examples.translation.cli.TranslateCommand.class,
      io.github.mgs4j.examples.bench.BenchCommand.class,
      io.github.mgs4j.examples.bench.SoakCommand.class,
      io.github.mgs4j.examples.bench.CostComparisonCommand.class
    })
public final class MgsExamplesCli implements Runnable {
  /** What {@link #main} applied, or null (embedded, or turned off). */
  private static volatile ProcessTuning.Applied tuning;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "missing subcommand (try --help)");
  }

  /**
   * Runs the CLI and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    // Before the engine loads: the application's one opt-in to process-wide settings (values set in the
    // environment win).
    if (!"false".equals(System.getProperty("mgs4j.processTuning"))) {
      tuning = ProcessTuning.apply();
    }
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    System.exit(code);
  }

  /**
   * Runs the CLI with the given streams (for tests and embedding).
   *
   * @return the exit code: 0 on success, 1 on an error, 2 on a usage error
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    configureDjl();
    MgsExamplesCli root = new MgsExamplesCli();
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          err.println("error: " + describe(e));
          if (root.verbose) {
            e.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    int code;
    try {
      code = cli.execute(args);
    } catch (OutOfMemoryError e) {
      // Errors bypass picocli's handler; report them as every other failure, one line unless --verbose.
      err.println("error: out of memory (" + describe(e) + "); use a smaller batch, fewer tokens or more heap (-Xmx)");
      if (root.verbose) {
        e.printStackTrace(err);
      }
      code = 1;
    }
    out.flush();
    err.flush();
    return code;
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /**
   * glibc's mmap threshold in force as far as this process can tell, for benchmark provenance: the one
   * {@code MALLOC_MMAP_THRESHOLD_} gave glibc, else the one {@link #main} set, else −1 (glibc's own policy).
   */
  public static long mmapThresholdBytes() {
    String env = System.getenv("MALLOC_MMAP_THRESHOLD_");
    if (env != null) {
      try {
        return Long.parseLong(env.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    ProcessTuning.Applied applied = tuning;
    return applied != null && applied.mmapThreshold() ? NativeAllocator.DEFAULT_MMAP_THRESHOLD_BYTES : -1;
  }

  /** Offline natives and the PyTorch engine, unless the user chose otherwise. */
  static void configureDjl() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.default_engine", "PyTorch");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
