package io.github.mgs4j.examples.translation.cli;

import io.github.mgs4j.examples.translation.BundledTranslationModel;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model-dir}: a Marian checkpoint directory, or the bundled Spanish→English model when absent. */
public final class ModelOptions {
  @Option(names = "--model-dir", description = "A Marian checkpoint directory (config.json, model.safetensors, "
      + "tokenizer.json for text; default: the bundled Spanish-English model).")
  Path modelDir;

  /** The directory to load: {@code --model-dir}, or the bundled model extracted to a temporary directory. */
  public Path directory() throws IOException {
    return modelDir != null ? modelDir : BundledTranslationModel.extract();
  }
}
