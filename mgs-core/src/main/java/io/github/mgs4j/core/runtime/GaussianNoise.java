package io.github.mgs4j.core.runtime;

import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.rng.SeedStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The candidates' noise: scaled standard normals for large tensors, drawn on the host, one independent stream
 * per (seed, tensor, block).
 *
 * <p>Block {@code b} of tensor {@code t} drawn with seed {@code s} holds {@code scale · z}, where the {@code z}
 * are standard normals from Commons RNG's Ziggurat sampler over a XoShiRo256++ stream seeded with
 * {@link SeedStream#derive(long, long...) derive(s, t, b)}, the blocks being {@link Block#rows}'s. So the noise
 * depends only on the seed and the position, not on the engine, the device, the thread count or anything else
 * that draws random numbers (the engine's global generator is left alone): any thread, process or machine can
 * draw it again exactly, with a different scale if it likes, from the seed alone. Blocks are independent, so a
 * team of threads draws the blocks of one candidate in parallel, in any order, with the same values.
 */
public final class GaussianNoise {
  private GaussianNoise() {}

  /**
   * The row blocks a candidate's perturbation visits ({@link Block#rows} layout): every block of every non-empty
   * tensor that gets noise (σ_t ≠ 0) or, with {@code centred}, the MLE direction.
   *
   * @param shapes the tensors' shapes
   * @param sigmas σ_t per tensor
   * @param centred whether tensors without noise are visited too
   * @param maxElements the largest block
   * @return the blocks, in order
   */
  public static List<Block> walk(List<Shape> shapes, double[] sigmas, boolean centred, long maxElements) {
    if (sigmas.length != shapes.size()) {
      throw new IllegalArgumentException(shapes.size() + " tensors but " + sigmas.length + " noise scales");
    }
    List<Block> walk = new ArrayList<>();
    for (Block b : Block.rows(shapes, maxElements)) {
      if (sigmas[b.tensor()] != 0 || centred) {
        walk.add(b);
      }
    }
    return walk;
  }

  /**
   * Draws one block into {@code out}.
   *
   * @param seed the candidate's seed
   * @param block the block (its tensor and index key the stream)
   * @param scale the factor every standard normal is multiplied by (in double, then rounded to float)
   * @param out receives {@code scale · z} in its first {@code block.length()} entries
   * @throws IllegalArgumentException if {@code out} is shorter than the block or the scale is not finite
   */
  public static void draw(long seed, Block block, double scale, float[] out) {
    int n = block.length();
    if (out.length < n) {
      throw new IllegalArgumentException("a block of " + n + " values does not fit in " + out.length);
    }
    if (!Double.isFinite(scale)) {
      throw new IllegalArgumentException("noise scale of tensor " + block.tensor() + " is " + scale);
    }
    ZigguratSampler.NormalizedGaussian normal = normals(seed, block);
    for (int i = 0; i < n; i++) {
      out[i] = (float) (scale * normal.sample());
    }
  }

  /**
   * The standard normals of one block, unscaled: its i-th sample times a scale, rounded to float
   * ({@code (float) (scale * z)}), is the i-th value {@link #draw} writes. For callers that consume the noise as
   * it is drawn (a fused perturbation) instead of storing it first.
   *
   * @param seed the candidate's seed
   * @param block the block (its tensor and index key the stream)
   * @return a fresh sampler at the start of the block's stream
   */
  public static ZigguratSampler.NormalizedGaussian normals(long seed, Block block) {
    long blockSeed = SeedStream.derive(seed, block.tensor(), block.index());
    UniformRandomProvider source = RandomSource.XO_SHI_RO_256_PP.create(blockSeed);
    return ZigguratSampler.NormalizedGaussian.of(source);
  }
}
