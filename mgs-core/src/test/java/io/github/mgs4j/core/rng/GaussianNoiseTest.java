package io.github.mgs4j.core.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.model.RowBlocks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

  private static List<float[]> read(GaussianNoise noise, long seed, List<GaussianNoise.Block> blocks) {
    List<float[]> out = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager();
        GaussianNoise.Pass pass = noise.pass(seed, blocks)) {
      for (GaussianNoise.Block b : blocks) {
        out.add(pass.next(m, new Shape(b.elements())).toFloatArray());
      }
    }
    return out;
  }

  @Test
  void noiseDependsOnlyOnSeedAndPositionNotOnWhatElseWasDrawn() {
    List<GaussianNoise.Block> blocks =
        List.of(new GaussianNoise.Block(0, 0, 1000, 1), new GaussianNoise.Block(0, 1, 1000, 1),
            new GaussianNoise.Block(3, 0, 500, 2));
    try (GaussianNoise noise = new GaussianNoise(); NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(1);
      List<float[]> first = read(noise, 7, blocks);
      Engine.getInstance().setRandomSeed(2);
      m.randomNormal(new Shape(1000)).close();
      List<float[]> again = read(noise, 7, blocks);
      for (int b = 0; b < blocks.size(); b++) {
        assertArrayEquals(first.get(b), again.get(b), "block " + b);
      }
      // The third block alone, at twice the scale: the same standard normals, doubled exactly.
      float[] alone = read(noise, 7, List.of(new GaussianNoise.Block(3, 0, 500, 4))).get(0);
      for (int i = 0; i < alone.length; i++) {
        assertEquals(2 * first.get(2)[i], alone[i], 0f, "element " + i);
      }
      assertFalse(Arrays.equals(first.get(0), first.get(1)), "blocks of one tensor must differ");
      float[] otherSeed = read(noise, 8, blocks.subList(0, 1)).get(0);
      assertFalse(Arrays.equals(first.get(0), otherSeed), "seeds must differ");
    }
  }

  @Test
  void blocksAreIndependentStandardNormals() {
    int n = 1 << 17;
    List<GaussianNoise.Block> blocks =
        List.of(new GaussianNoise.Block(0, 0, n, 1), new GaussianNoise.Block(0, 1, n, 1));
    try (GaussianNoise noise = new GaussianNoise()) {
      List<float[]> z = read(noise, 11, blocks);
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
    GaussianNoise.Block block = new GaussianNoise.Block(3, 7, 1001, 0.37);
    float[] drawn = new float[block.elements()];
    GaussianNoise.draw(42, block, drawn);
    ZigguratSampler.NormalizedGaussian normal = GaussianNoise.normals(42, block);
    float[] streamed = new float[block.elements()];
    for (int i = 0; i < streamed.length; i++) {
      streamed[i] = (float) (block.scale() * normal.sample());
    }
    assertArrayEquals(drawn, streamed);
    float[] otherBlock = new float[block.elements()];
    GaussianNoise.draw(42, new GaussianNoise.Block(3, 8, 1001, 0.37), otherBlock);
    assertFalse(Arrays.equals(drawn, otherBlock));
  }

  @Test
  void rowBlocksFollowTheRowBlockLayout() {
    List<Shape> shapes = List.of(new Shape(10, 3), new Shape(7), new Shape(0, 4), new Shape(5, 2, 2));
    List<GaussianNoise.Block> blocks = GaussianNoise.rowBlocks(shapes, new double[] {1, 0, 1, 3}, 8);
    List<Long> expected = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager()) {
      for (int w : new int[] {0, 3}) {
        NDArray a = m.zeros(shapes.get(w));
        for (NDIndex index : RowBlocks.of(a.getShape(), 8)) {
          expected.add(index == null ? a.size() : a.get(index).size());
        }
      }
    }
    assertEquals(expected, blocks.stream().map(b -> (long) b.elements()).toList());
    assertEquals(List.of(0, 0, 0, 0, 0, 3, 3, 3), blocks.stream().map(GaussianNoise.Block::tensor).toList());
    assertEquals(3.0, blocks.get(blocks.size() - 1).scale());
    assertThrows(IllegalArgumentException.class, () -> GaussianNoise.rowBlocks(shapes, new double[] {1}, 8));
  }

  @Test
  void misuseIsRefusedWithAMessage() {
    List<GaussianNoise.Block> one = List.of(new GaussianNoise.Block(0, 0, 4, 1));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new GaussianNoise.Block(0, 0, 0, 1))
        .getMessage().contains("at least one element"));
    assertThrows(IllegalArgumentException.class, () -> new GaussianNoise.Block(2, 0, 4, Double.NaN));
    GaussianNoise noise = new GaussianNoise();
    try (NDManager m = NDManager.newBaseManager()) {
      GaussianNoise.Pass pass = noise.pass(1, one);
      assertTrue(assertThrows(IllegalStateException.class, () -> noise.pass(2, one)).getMessage().contains("open"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> pass.next(m, new Shape(5)))
          .getMessage().contains("planned with 4"));
      pass.next(m, new Shape(2, 2));
      assertThrows(IllegalStateException.class, () -> pass.next(m, new Shape(4)));
      noise.pass(3, one).close();
    }
    noise.close();
    assertTrue(assertThrows(IllegalStateException.class, () -> noise.pass(1, one)).getMessage().contains("closed"));
  }
}
