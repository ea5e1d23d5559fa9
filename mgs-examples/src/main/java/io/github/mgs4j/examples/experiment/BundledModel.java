package io.github.mgs4j.examples.experiment;

import io.github.mgs4j.core.io.MalformedFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The GPT-2-architecture model bundled with the example (trained by the {@code mle} command on the State of
 * the Union training split; see {@code mgs-examples/scripts/model/train_bundled.sh}).
 */
public final class BundledModel {
  private static final String RESOURCE = "/io/github/mgs4j/examples/model/";
  private static final String[] FILES = {"config.json", "model.safetensors", "tokenizer.json"};

  private BundledModel() {}

  /** Copies the bundled checkpoint into a fresh temporary directory (deleted on exit) and returns it. */
  public static Path extract() throws IOException {
    Path dir = Files.createTempDirectory("mgs4j-bundled-model");
    dir.toFile().deleteOnExit();
    for (String name : FILES) {
      try (InputStream in = BundledModel.class.getResourceAsStream(RESOURCE + name)) {
        if (in == null) {
          throw new MalformedFileException("the bundled model file " + name + " is missing from the classpath");
        }
        Path target = dir.resolve(name);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        target.toFile().deleteOnExit();
      }
    }
    return dir;
  }
}
