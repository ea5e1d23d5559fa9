package io.github.mgs4j.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

  private static List<float[]> read(long seed, List<Block> blocks, double[] scales) {
    List<float[]> out = new ArrayList<>();
    for (Block b : blocks) {
      float[] values = new float[b.length()];
      GaussianNoise.draw(seed, b, scales[b.tensor()], values);
      out.add(values);
    }
    return out;
  }

  @Test
  void noiseDependsOnlyOnSeedAndPositionNotOnWhatElseWasDrawn() {
    List<Block> blocks = List.of(new Block(0, 0, 0, 1000), new Block(0, 1, 1000, 1000), new Block(3, 0, 0, 500));
    double[] scales = {1, 0, 0, 2};
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(1);
      List<float[]> first = read(7, blocks, scales);
      Engine.getInstance().setRandomSeed(2);
      m.randomNormal(new Shape(1000)).close();
      List<float[]> again = read(7, blocks, scales);
      for (int b = 0; b < blocks.size(); b++) {
        assertArrayEquals(first.get(b), again.get(b), "block " + b);
      }
      // The third block alone, at twice the scale: the same standard normals, doubled exactly.
      float[] alone = read(7, List.of(new Block(3, 0, 0, 500)), new double[] {0, 0, 0, 4}).get(0);
      for (int i = 0; i < alone.length; i++) {
        assertEquals(2 * first.get(2)[i], alone[i], 0f, "element " + i);
      }
      assertFalse(Arrays.equals(first.get(0), first.get(1)), "blocks of one tensor must differ");
      float[] otherSeed = read(8, blocks.subList(0, 1), scales).get(0);
      assertFalse(Arrays.equals(first.get(0), otherSeed), "seeds must differ");
    }
  }

  @Test
  void blocksAreIndependentStandardNormals() {
    int n = 1 << 17;
    List<Block> blocks = List.of(new Block(0, 0, 0, n), new Block(0, 1, n, n));
    {
      List<float[]> z = read(11, blocks, new double[] {1});
      for (float[] block : z) {
        double mean = 0;
        double square = 0;
        double fourth = 0;
        for (float v : block) {
          mean += v;
          square += (double) v * v;
          fourth += (double) v * v * v * v;
        }
        mean /= n;
        square /= n;
        fourth /= n;
        // Five standard errors: mean 1/sqrt(n), variance sqrt(2/n), fourth moment sqrt(96/n).
        assertEquals(0, mean, 5 / Math.sqrt(n), "mean");
        assertEquals(1, square, 5 * Math.sqrt(2.0 / n), "variance");
        assertEquals(3, fourth, 5 * Math.sqrt(96.0 / n), "fourth moment");
      }
      double cross = 0;
      for (int i = 0; i < n; i++) {
        cross += (double) z.get(0)[i] * z.get(1)[i];
      }
      assertEquals(0, cross / n, 5 / Math.sqrt(n), "correlation between blocks");
    }
  }

  @Test
  void aBlocksSamplerYieldsTheValuesDrawWrites() {
    Block block = new Block(3, 7, 0, 1001);
    float[] drawn = new float[block.length()];
    GaussianNoise.draw(42, block, 0.37, drawn);
    ZigguratSampler.NormalizedGaussian normal = GaussianNoise.normals(42, block);
    float[] streamed = new float[block.length()];
    for (int i = 0; i < streamed.length; i++) {
      streamed[i] = (float) (0.37 * normal.sample());
    }
    assertArrayEquals(drawn, streamed);
    float[] otherBlock = new float[block.length()];
    GaussianNoise.draw(42, new Block(3, 8, 0, 1001), 0.37, otherBlock);
    assertFalse(Arrays.equals(drawn, otherBlock));
  }

  @Test
  void misuseIsRefusedWithAMessage() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Block(0, 0, 0, 0))
        .getMessage().contains("at least one element"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> GaussianNoise.draw(1, new Block(2, 0, 0, 4), Double.NaN, new float[4])).getMessage()
        .contains("tensor 2 is NaN"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> GaussianNoise.draw(1, new Block(0, 0, 0, 4), 1, new float[3])).getMessage().contains("fit"));
  }
}
