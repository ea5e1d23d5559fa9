package io.github.mgs4j.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before long work, that an output directory can be written: it is created if missing, and a probe
 * file is created in it and deleted. A run that will write checkpoints, a model or results calls this at
 * its start, so an unwritable location fails in a second instead of after hours of training.
 */
public final class WritableDirectory {
  private WritableDirectory() {}

  /**
   * Creates the directory if needed and checks that files can be created in it.
   *
   * @param directory the directory
   * @param what what it is for, named in the error (e.g. {@code "checkpoint directory"})
   * @return the directory
   * @throws IOException naming the directory, its purpose and the reason
   */
  public static Path require(Path directory, String what) throws IOException {
    try {
      Files.createDirectories(directory);
      Path probe = Files.createTempFile(directory, ".write-probe-", ".tmp");
      Files.delete(probe);
      return directory;
    } catch (IOException e) {
      throw new IOException(what + " " + directory + " is not writable (" + e + "); fix it before training", e);
    }
  }
}
