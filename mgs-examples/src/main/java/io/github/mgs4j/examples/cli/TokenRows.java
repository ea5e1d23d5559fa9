package io.github.mgs4j.examples.cli;

import java.util.List;

/** Parses {@code --input-ids 1,2,3} rows. */
final class TokenRows {
  private TokenRows() {}

  static int[][] parse(List<String> rows) {
    if (rows == null || rows.isEmpty()) {
      throw new IllegalArgumentException("give at least one --input-ids row, e.g. --input-ids 464,3290,286");
    }
    int[][] out = new int[rows.size()][];
    for (int r = 0; r < out.length; r++) {
      String[] parts = rows.get(r).split(",");
      out[r] = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        try {
          out[r][i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--input-ids row " + (r + 1) + ": '" + parts[i] + "' is not a token id");
        }
      }
    }
    return out;
  }

  static void checkVocabulary(int[][] rows, int vocabulary) {
    for (int r = 0; r < rows.length; r++) {
      for (int id : rows[r]) {
        if (id < 0 || id >= vocabulary) {
          throw new IllegalArgumentException(
              "--input-ids row " + (r + 1) + ": id " + id + " is outside the vocabulary [0, " + vocabulary + ")");
        }
      }
    }
  }
}
