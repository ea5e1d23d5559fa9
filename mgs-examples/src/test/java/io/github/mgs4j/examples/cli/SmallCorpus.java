package io.github.mgs4j.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A data directory of a few distinct passages (train and valid splits), quick to tokenize. */
public final class SmallCorpus {
  private static final String[] PASSAGES = {
    "The Congress of the United States met again this year to consider the state of the Union and the work of"
        + " the nation in every part of the country.",
    "Our commerce has grown with the years, and the revenue of the Government has been sufficient for all its"
        + " wants and for the payment of a part of the debt.",
    "The relations of this country with the other nations of the world continue to be friendly, and no question"
        + " of importance is now pending between us.",
    "The army and the navy have been kept in good condition, and their officers have performed their duties"
        + " with zeal and with credit to themselves.",
    "Education is the foundation of a free people, and the schools of every State deserve the support of all"
        + " who love their country and its institutions.",
    "The public lands have been surveyed and offered for sale, and many thousands of families have found homes"
        + " upon them in the course of the year.",
    "The mails have been carried with regularity to every part of the country, and the revenue of the post"
        + " office has increased beyond the estimate.",
    "I recommend to the Congress a careful review of the laws which govern the tariff, so that the burden may"
        + " fall equally upon all the people.",
  };

  private SmallCorpus() {}

  /**
   * Writes the corpus.
   *
   * @param dir the directory to create
   * @return the directory, with {@code train.txt} (all passages) and {@code valid.txt} (the first four)
   */
  public static Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("train.txt"), String.join("\n", PASSAGES) + "\n");
    StringBuilder valid = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      valid.append(PASSAGES[i]).append('\n');
    }
    Files.writeString(dir.resolve("valid.txt"), valid.toString());
    return dir;
  }
}
