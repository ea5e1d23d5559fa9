package io.github.mgs4j.examples.translation;

/**
 * Marian's fixed sinusoidal position embeddings, computed exactly as transformers'
 * {@code MarianSinusoidalPositionalEmbedding.create_weight}: for position {@code p} and column {@code j},
 * {@code angle = p / 10000^(2·⌊j/2⌋ / dim)} in double precision; the sines of the even columns fill the first
 * half of the vector and the cosines of the odd columns the second half (not interleaved), each rounded to
 * float32.
 */
final class SinusoidalPositions {
  private SinusoidalPositions() {}

  /**
   * The table, row-major.
   *
   * @param positions the number of positions (rows)
   * @param dim the embedding width (columns)
   * @return {@code positions × dim} floats
   */
  static float[] table(int positions, int dim) {
    float[] out = new float[Math.multiplyExact(positions, dim)];
    int sentinel = dim % 2 == 0 ? dim / 2 : dim / 2 + 1;
    for (int p = 0; p < positions; p++) {
      int row = p * dim;
      int sin = 0;
      int cos = sentinel;
      for (int j = 0; j < dim; j++) {
        double angle = p / Math.pow(10000, 2.0 * (j / 2) / dim);
        if (j % 2 == 0) {
          out[row + sin++] = (float) Math.sin(angle);
        } else {
          out[row + cos++] = (float) Math.cos(angle);
        }
      }
    }
    return out;
  }
}
