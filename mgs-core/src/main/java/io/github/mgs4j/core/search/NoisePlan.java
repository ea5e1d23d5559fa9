package io.github.mgs4j.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.model.RowBlocks;
import io.github.mgs4j.core.rng.GaussianNoise;
import java.util.ArrayList;
import java.util.List;

/**
 * The walk of one candidate's perturbation (or of its regeneration) over the parameters, planned once: the
 * row blocks of every tensor that receives noise or the MLE direction, each with its view, its flat offset
 * and the {@link GaussianNoise} block that supplies its noise. The noise layout is
 * {@link GaussianNoise#rowBlocks}'s, so a perturbation and the regeneration of the same candidate, on the
 * engine or on the host, read the same standard normals for every element.
 */
final class NoisePlan {
  private final List<Segment> segments;
  private final List<GaussianNoise.Block> noiseBlocks;

  private NoisePlan(List<Segment> segments, List<GaussianNoise.Block> noiseBlocks) {
    this.segments = List.copyOf(segments);
    this.noiseBlocks = noiseBlocks;
  }

  /**
   * Plans a walk.
   *
   * @param tensors the tensors walked (their shapes are read)
   * @param scales the noise scale per tensor (0: no noise for that tensor)
   * @param withoutNoiseToo whether tensors with scale 0 are walked too (they still take the MLE direction)
   * @param blockElements the largest block
   * @return the plan
   */
  static NoisePlan of(List<NDArray> tensors, double[] scales, boolean withoutNoiseToo, long blockElements) {
    List<Shape> shapes = new ArrayList<>(tensors.size());
    for (NDArray t : tensors) {
      shapes.add(t.getShape());
    }
    List<GaussianNoise.Block> noise = GaussianNoise.rowBlocks(shapes, scales, blockElements);
    List<Segment> segments = new ArrayList<>();
    int nextNoise = 0;
    for (int w = 0; w < shapes.size(); w++) {
      Shape shape = shapes.get(w);
      boolean noisy = scales[w] != 0;
      if (shape.size() == 0 || !(noisy || withoutNoiseToo)) {
        continue;
      }
      List<NDIndex> views = RowBlocks.of(shape, blockElements);
      long[] sizes = RowBlocks.sizes(shape, blockElements);
      long offset = 0;
      for (int b = 0; b < sizes.length; b++) {
        GaussianNoise.Block block = null;
        if (noisy) {
          block = noise.get(nextNoise++);
          if (block.tensor() != w || block.index() != b || block.elements() != sizes[b]) {
            throw new IllegalStateException("noise block " + block + " does not match block " + b + " of tensor " + w);
          }
        }
        segments.add(new Segment(w, views.get(b), offset, Math.toIntExact(sizes[b]), block));
        offset += sizes[b];
      }
    }
    if (nextNoise != noise.size()) {
      throw new IllegalStateException("the walk used " + nextNoise + " of " + noise.size() + " noise blocks");
    }
    return new NoisePlan(segments, noise);
  }

  /** The segments, tensor by tensor, block by block. */
  List<Segment> segments() {
    return segments;
  }

  /** The noise blocks, in walk order (the segments with noise). */
  List<GaussianNoise.Block> noiseBlocks() {
    return noiseBlocks;
  }

  /**
   * One block of rows of one tensor.
   *
   * @param tensor the tensor's index
   * @param view the block's index into the tensor, or null for the whole tensor
   * @param offset the block's first element in the tensor's flat (row-major) order
   * @param elements the block's size
   * @param noise its noise block, or null when the tensor gets no noise
   */
  record Segment(int tensor, NDIndex view, long offset, int elements, GaussianNoise.Block noise) {}
}
