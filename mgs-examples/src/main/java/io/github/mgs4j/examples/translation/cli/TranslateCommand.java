package io.github.mgs4j.examples.translation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code translate}: machine translation with a Marian encoder–decoder model (the paper's §5.2). */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    description = "Machine translation with MGS on a Marian (Hugging Face MarianMTModel) encoder-decoder model.",
    subcommands = {
      TranslateRunCommand.class,
      TranslateMleCommand.class,
      TranslateMgsCommand.class,
      TranslateEvalCommand.class,
      TranslateGenerateCommand.class,
      TranslateScoreCommand.class
    })
public final class TranslateCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try translate --help)");
  }
}
