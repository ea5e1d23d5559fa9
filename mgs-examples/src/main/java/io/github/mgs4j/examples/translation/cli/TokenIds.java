package io.github.mgs4j.examples.translation.cli;

import java.util.List;

/** Parses comma-separated token ids ({@code --source-ids 5,6,7}). */
final class TokenIds {
  private TokenIds() {}

  static int[][] parse(String option, List<String> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(option + " is required");
    }
    int[][] rows = new int[values.size()][];
    for (int i = 0; i < rows.length; i++) {
      String[] parts = values.get(i).split(",", -1);
      rows[i] = new int[parts.length];
      for (int j = 0; j < parts.length; j++) {
        try {
          rows[i][j] = Integer.parseInt(parts[j].strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(option + " " + values.get(i) + ": '" + parts[j] + "' is not a token id");
        }
      }
    }
    return rows;
  }

  static String json(int[] ids) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ids.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(ids[i]);
    }
    return sb.append(']').toString();
  }
}
