package io.github.mgs4j.examples.cli;

/** The value of an {@code --init} option: the sizes of a random model as a comma-separated list. */
public final class ModelShapeOption {
  private ModelShapeOption() {}

  /**
   * Parses {@code value} as the integers {@code fields} names, in order.
   *
   * @param value the option's value, e.g. {@code "128,4,4,256"}
   * @param fields the names of the integers, e.g. {@code "embd,layers,heads,positions"}
   * @return one positive integer per field
   * @throws IllegalArgumentException if the count is wrong or a field is not a positive integer
   */
  public static int[] parse(String value, String fields) {
    String[] parts = value.split(",", -1);
    int count = fields.split(",").length;
    if (parts.length != count) {
      throw new IllegalArgumentException("--init needs " + fields + ", got '" + value + "'");
    }
    int[] sizes = new int[count];
    for (int i = 0; i < count; i++) {
      try {
        sizes[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        sizes[i] = 0;
      }
      if (sizes[i] <= 0) {
        throw new IllegalArgumentException(
            "--init needs " + fields + " as positive integers, got '" + parts[i].strip() + "' in '" + value + "'");
      }
    }
    return sizes;
  }
}
