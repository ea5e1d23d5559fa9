package io.github.mgs4j.examples.cli;

import io.github.mgs4j.core.io.WritableDirectory;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a training command writes its model ({@code --out}): checked writable before training starts, and,
 * should the final save still fail, the model is written to a fresh temporary folder that the error names,
 * so nothing trained is lost.
 */
final class ModelOutput {
  private final Path directory;

  private ModelOutput(Path directory) {
    this.directory = directory;
  }

  /**
   * Checks the directory now, before any training.
   *
   * @param directory the {@code --out} directory
   * @throws IOException naming the directory if it cannot be written
   */
  static ModelOutput prepare(Path directory) throws IOException {
    return new ModelOutput(WritableDirectory.require(directory, "output directory (--out)"));
  }

  /** The directory. */
  Path directory() {
    return directory;
  }

  /**
   * Saves the model with its tokenizer (see {@link MleCommand#writeTokenizer}).
   *
   * @param model the trained model
   * @param tokenizerSource the directory whose tokenizer files are copied ({@code null}: the bundled one)
   * @throws IOException if the save failed; the message names where the model was saved instead
   */
  void save(Gpt2Model model, Path tokenizerSource) throws IOException {
    save(model, tokenizerSource, false);
  }

  /**
   * Saves the model with its tokenizer, its weights as float32 or rounded to float16.
   *
   * @param model the trained model
   * @param tokenizerSource the directory whose tokenizer files are copied ({@code null}: the bundled one)
   * @param half whether to store the weights as float16 (half the size)
   * @throws IOException if the save failed; the message names where the model was saved instead
   */
  void save(Gpt2Model model, Path tokenizerSource, boolean half) throws IOException {
    try {
      write(model, tokenizerSource, directory, half);
    } catch (IOException | RuntimeException e) {
      Path rescue = Files.createTempDirectory("mgs4j-rescued-model-");
      write(model, tokenizerSource, rescue, half);
      throw new IOException(
          "could not save the trained model to " + directory + " (" + e.getMessage() + "); it was saved to "
              + rescue + " instead",
          e);
    }
  }

  private static void write(Gpt2Model model, Path tokenizerSource, Path target, boolean half)
      throws IOException {
    Gpt2Checkpoint.save(model, target, half);
    MleCommand.writeTokenizer(tokenizerSource, target);
  }
}
