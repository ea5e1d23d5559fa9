package io.github.mgs4j.core.testing;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Arrays flattened into one float vector, for comparing whole parameter sets in tests. */
public final class FlatArrays {
  private FlatArrays() {}

  /**
   * Every element of every array, array after array, each in row-major order.
   *
   * @param arrays the arrays
   * @return their elements
   */
  public static float[] concat(List<NDArray> arrays) {
    float[][] parts = new float[arrays.size()][];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = arrays.get(i).toFloatArray();
      n += parts[i].length;
    }
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
