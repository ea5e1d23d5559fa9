package io.github.mgs4j.core.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.github.mgs4j.core.model.TrainableParameters;
import java.util.List;

/**
 * {@link ParameterArithmetic} as engine operations, on any device: large tensors are worked on through views
 * of row blocks, so temporaries stay block-sized; the noise is drawn on the host ({@link GaussianNoise}) and
 * copied to the device block by block; sums are float32 reductions per block, added up in double.
 */
final class EngineArithmetic implements ParameterArithmetic {
  private final long blockElements;

  EngineArithmetic(long blockElements) {
    this.blockElements = blockElements;
  }

  @Override
  public void copy(ParameterVector target, ParameterVector source) {
    for (int w = 0; w < target.count(); w++) {
      TrainableParameters.copyInto(target.get(w), source.get(w));
    }
  }

  @Override
  public void scale(ParameterVector v, float factor) {
    for (NDArray a : v.arrays()) {
      a.muli(factor);
    }
  }

  @Override
  public ClippedNorms clipAndMeasure(ParameterVector v, double maxNorm) {
    double sum = 0;
    for (NDArray a : v.arrays()) {
      try (NDArray flat = a.reshape(-1);
          NDArray dot = flat.dot(flat)) {
        sum += dot.getFloat();
      }
    }
    double norm = Math.sqrt(sum);
    int count = v.count();
    if (!Double.isFinite(norm)) {
      return new ClippedNorms(norm, new double[count], new double[count]);
    }
    double coefficient = maxNorm / (norm + 1e-6);
    if (coefficient < 1) {
      scale(v, (float) coefficient);
    }
    double[] absolute = new double[count];
    double[] squares = new double[count];
    for (int w = 0; w < count; w++) {
      try (NDArray flat = v.get(w).reshape(-1);
          NDArray l1 = flat.norm(1, new int[] {0}, false);
          NDArray dot = flat.dot(flat)) {
        absolute[w] = l1.getFloat();
        squares[w] = dot.getFloat();
      }
    }
    return new ClippedNorms(norm, absolute, squares);
  }

  @Override
  public NoiseProducts perturb(
      ParameterVector theta, ParameterVector gradient, double[] sigmas, boolean fromMle, long seed) {
    int count = theta.count();
    double[] epsilonSquared = new double[count];
    double[] epsilonDotCentre = new double[count];
    for (Block block : GaussianNoise.walk(theta.shapes(), sigmas, fromMle, blockElements)) {
      int w = block.tensor();
      try (NDManager local = theta.manager().newSubManager()) {
        NDArray target = view(theta.get(w), block, local);
        NDArray g = view(gradient.get(w), block, local);
        NDArray epsilon = sigmas[w] != 0
            ? noise(local, seed, block, sigmas[w], target)
            : local.zeros(target.getShape(), DataType.FLOAT32, target.getDevice());
        if (fromMle) {
          epsilon.subi(g);
        }
        NDArray flatEpsilon = epsilon.reshape(-1);
        NDArray flatGradient = g.reshape(-1);
        flatGradient.attach(local);
        // float32 dot products per block, added up in double in block order
        epsilonSquared[w] += flatEpsilon.dot(flatEpsilon).getFloat();
        epsilonDotCentre[w] -= flatEpsilon.dot(flatGradient).getFloat();
        target.addi(epsilon);
      }
    }
    return new NoiseProducts(epsilonSquared, epsilonDotCentre);
  }

  @Override
  public void regenerate(ParameterVector gradient, double[] sigmas, double share, double[] weights, long[] seeds) {
    scale(gradient, (float) share);
    for (int c = 0; c < weights.length; c++) {
      if (!(weights[c] > 0)) {
        continue;
      }
      double[] scales = new double[sigmas.length];
      for (int w = 0; w < scales.length; w++) {
        scales[w] = weights[c] * sigmas[w];
      }
      for (Block block : GaussianNoise.walk(gradient.shapes(), scales, false, blockElements)) {
        try (NDManager local = gradient.manager().newSubManager()) {
          NDArray target = view(gradient.get(block.tensor()), block, local);
          target.subi(noise(local, seeds[c], block, scales[block.tensor()], target));
        }
      }
    }
  }

  @Override
  public void foldAndRestore(
      ParameterVector accumulator,
      ParameterVector candidate,
      ParameterVector theta,
      double oldScale,
      double newScale,
      boolean first) {
    for (int w = 0; w < candidate.count(); w++) {
      NDArray held = candidate.get(w);
      NDArray acc = accumulator.get(w);
      NDArray delta = held;
      if (candidate.remote()) {
        delta = acc.getManager().create(held.getShape(), held.getDataType());
        TrainableParameters.copyInto(delta, held);
      }
      try {
        delta.subi(theta.get(w));
        if (newScale != 1) {
          delta.muli((float) newScale);
        }
        if (first) {
          TrainableParameters.copyInto(acc, delta);
        } else {
          if (oldScale != 1) {
            acc.muli((float) oldScale);
          }
          acc.addi(delta);
        }
      } finally {
        if (candidate.remote()) {
          delta.close();
        }
      }
      TrainableParameters.copyInto(held, theta.get(w));
    }
  }

  @Override
  public void adam(AdamCoefficients c, List<AdamTensor> tensors) {
    for (AdamTensor t : tensors) {
      NDArray weight = t.weight();
      List<Block> blocks = Block.rows(List.of(weight.getShape()), blockElements);
      for (Block block : blocks) {
        NDIndex rows = block.rowsIn(weight.getShape());
        if (rows == null) {
          kernel(c, weight, t.gradient(), t.mean(), t.variance(), t.learningRate(), t.rate(), t.decay());
          continue;
        }
        try (NDManager local = weight.getManager().newSubManager()) {
          kernel(
              c,
              weight.get(local, rows),
              t.gradient().get(local, rows),
              t.mean().get(local, rows),
              t.variance().get(local, rows),
              t.learningRate(),
              t.rate(),
              t.decay());
        }
      }
    }
  }

  private static void kernel(
      AdamCoefficients c,
      NDArray weight,
      NDArray grad,
      NDArray mean,
      NDArray variance,
      float learningRate,
      float rate,
      float decay) {
    weight
        .getNDArrayInternal()
        .adamUpdate(
            new NDList(weight, grad, mean, variance),
            new NDList(weight),
            learningRate,
            rate,
            decay,
            1f,
            -1f,
            c.beta1(),
            c.beta2(),
            c.epsilon(),
            true,
            c.decoupled());
  }

  /** A block's noise, {@code scale · z}, as an array shaped like {@code like} on {@code local}'s device. */
  private static NDArray noise(NDManager local, long seed, Block block, double scale, NDArray like) {
    float[] values = new float[block.length()];
    GaussianNoise.draw(seed, block, scale, values);
    return local.create(values, like.getShape());
  }

  private static NDArray view(NDArray whole, Block block, NDManager local) {
    NDIndex rows = block.rowsIn(whole.getShape());
    return rows == null ? whole : whole.get(local, rows);
  }
}
