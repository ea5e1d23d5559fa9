package io.github.mgs4j.losses.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code mgs-losses-cli.jar}: {@code java -jar mgs-losses-cli.jar score < pairs.jsonl}. */
@Command(name = "mgs-losses", mixinStandardHelpOptions = true, version = "mgs-losses 0.1.0",
    description = "Task-loss metrics of mgs4j, reproducing sacrebleu and NLTK exactly.",
    subcommands = {ScoreCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
