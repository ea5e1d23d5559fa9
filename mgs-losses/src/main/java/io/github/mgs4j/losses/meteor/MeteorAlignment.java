package io.github.mgs4j.losses.meteor;

/**
 * The word alignment METEOR found for one hypothesis/reference pair.
 *
 * @param hypothesisLength hypothesis tokens
 * @param referenceLength reference tokens
 * @param referenceOf for each hypothesis position, the aligned reference position, or −1
 * @param exact matches found by the exact stage
 * @param stem matches found by the Porter-stem stage
 * @param synonym matches found by the WordNet synonym stage
 */
public record MeteorAlignment(
    int hypothesisLength, int referenceLength, int[] referenceOf, int exact, int stem, int synonym) {

  /** Copies the array. */
  public MeteorAlignment {
    referenceOf = referenceOf.clone();
  }

  @Override
  public int[] referenceOf() {
    return referenceOf.clone();
  }

  /** The number of aligned pairs. */
  public int matches() {
    return exact + stem + synonym;
  }

  /**
   * NLTK's {@code _count_chunks}: with the matches sorted by hypothesis position, 1 plus the number of
   * neighbours that are not adjacent in both sentences.
   */
  public int chunks() {
    int chunks = 1;
    int previousH = -2;
    int previousR = -2;
    boolean first = true;
    for (int h = 0; h < referenceOf.length; h++) {
      int r = referenceOf[h];
      if (r < 0) {
        continue;
      }
      if (!first && !(h == previousH + 1 && r == previousR + 1)) {
        chunks++;
      }
      first = false;
      previousH = h;
      previousR = r;
    }
    return chunks;
  }
}
