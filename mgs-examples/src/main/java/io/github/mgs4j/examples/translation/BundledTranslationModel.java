package io.github.mgs4j.examples.translation;

import io.github.mgs4j.core.io.MalformedFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The Spanish→English Marian model bundled with the example, trained by {@code translate mle} on the bundled
 * Bible corpus (see {@code mgs-examples/scripts/translation/train_bundled.sh}), stored in float16.
 */
public final class BundledTranslationModel {
  private static final String RESOURCE = "/io/github/mgs4j/examples/translation-model/";
  private static final String[] FILES = {MarianCheckpoint.CONFIG_FILE, MarianCheckpoint.WEIGHTS_FILE};

  private BundledTranslationModel() {}

  /** Whether the bundled model is on the classpath. */
  public static boolean present() {
    return BundledTranslationModel.class.getResource(RESOURCE + MarianCheckpoint.WEIGHTS_FILE) != null;
  }

  /**
   * Copies the bundled checkpoint and its tokenizer into a fresh temporary directory (deleted on exit).
   *
   * @return the directory
   */
  public static Path extract() throws IOException {
    Path dir = Files.createTempDirectory("mgs4j-translation-model");
    dir.toFile().deleteOnExit();
    for (String name : FILES) {
      try (InputStream in = BundledTranslationModel.class.getResourceAsStream(RESOURCE + name)) {
        if (in == null) {
          throw new MalformedFileException("the bundled translation model file " + name
              + " is missing from the classpath");
        }
        Path target = dir.resolve(name);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        target.toFile().deleteOnExit();
      }
    }
    try (TranslationTokenizer tokenizer = TranslationTokenizer.bundled()) {
      tokenizer.save(dir);
    }
    dir.resolve(TranslationTokenizer.FILE).toFile().deleteOnExit();
    return dir;
  }
}
