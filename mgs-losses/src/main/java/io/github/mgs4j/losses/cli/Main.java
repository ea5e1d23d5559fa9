package io.github.mgs4j.losses.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code mgs-losses-cli.jar}: {@code java -jar mgs-losses-cli.jar score < pairs.jsonl}. A failure
 * prints {@code error: <message>} and exits with 2; the stack trace only with {@code --verbose}.
 */
@Command(name = "mgs-losses", mixinStandardHelpOptions = true, version = "mgs-losses 0.1.0",
    description = "Task-loss metrics of mgs4j, reproducing sacrebleu and NLTK exactly.",
    subcommands = {ScoreCommand.class})
public final class Main implements Runnable {

  /** A command that can ask for stack traces. */
  interface Verbosity {
    /** Whether stack traces are wanted. */
    boolean verbose();
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /**
   * A command line with the scorer's error handling.
   *
   * @param factory creates the commands (tests pass streams through it)
   */
  public static CommandLine commandLine(CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(new Main(), factory);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      Object command = commandLine.getCommand();
      if (command instanceof Verbosity && ((Verbosity) command).verbose()) {
        e.printStackTrace(err);
      } else {
        err.println("error: " + describe(e));
      }
      err.flush();
      return 2;
    });
    return cli;
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.io.UncheckedIOException || t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage();
    if (t instanceof IllegalArgumentException && message != null) {
      return message;
    }
    return message == null ? t.toString() : t.getClass().getSimpleName() + ": " + message;
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine(CommandLine.defaultFactory()).execute(args));
  }
}
