package io.github.mgs4j.core.runtime;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The arithmetic MGS does over whole parameter vectors, one seam with two implementations: {@link #engine()}
 * runs engine operations (any device), {@link #host()} runs Java passes over the arrays' memory on a team of
 * one thread per core where the engine lets Java write them in place (CPU), and engine operations elsewhere.
 * Both compute the same float operations in the same order, so parameters, candidates and updates are
 * bit-identical; sums are the exception: the host adds in double, the engine reduces in float32, so norms and
 * candidate statistics agree to float32 rounding.
 *
 * <p>Noise: candidate {@code seed}'s standard normals for block b of tensor t are {@link GaussianNoise}'s
 * ({@link Block#rows} layout), whatever runs this.
 */
public interface ParameterArithmetic {

  /** Java passes on the process-wide team where arrays allow, engine operations elsewhere. */
  static ParameterArithmetic host() {
    return new HostArithmetic(BlockWorkers.shared(), Block.DEFAULT_ELEMENTS);
  }

  /** Engine operations only. */
  static ParameterArithmetic engine() {
    return new EngineArithmetic(Block.DEFAULT_ELEMENTS);
  }

  /**
   * Java passes on {@code team} where arrays allow, in blocks of at most {@code blockElements}; engine
   * operations elsewhere.
   */
  static ParameterArithmetic onHost(BlockWorkers team, long blockElements) {
    return new HostArithmetic(team, blockElements);
  }

  /** Engine operations only, on row blocks of at most {@code blockElements}. */
  static ParameterArithmetic onEngine(long blockElements) {
    return new EngineArithmetic(blockElements);
  }

  /** {@code target ← source}, bit for bit (the two may live on different devices). */
  void copy(ParameterVector target, ParameterVector source);

  /** {@code v ← factor·v}. */
  void scale(ParameterVector v, float factor);

  /**
   * Global L2-norm clipping, as {@code torch.nn.utils.clip_grad_norm_}, with the per-tensor sums MGS needs for
   * σ: when the norm is finite and {@code maxNorm / (norm + 1e-6) < 1}, {@code v} is scaled by that factor;
   * a norm that is not finite leaves {@code v} untouched.
   *
   * @return the norm before clipping and, per tensor, Σ|x| and Σx² after it
   */
  ClippedNorms clipAndMeasure(ParameterVector v, double maxNorm);

  /**
   * Adds a candidate direction in place, {@code θ ← θ + ε} with {@code ε_w = σ_w·n_w − [fromMle]·∇L_w}, where
   * n is the seed's standard normals; tensors with σ_w = 0 get no noise (and, unless {@code fromMle}, are not
   * touched). ε is never stored.
   *
   * @param theta the parameters (or a replica's), changed in place
   * @param gradient ∇L, the clipped MLE gradient, on θ's device; read only
   * @param sigmas σ_w per tensor
   * @param fromMle whether the candidate is centred on −∇L
   * @param seed the candidate's noise seed
   * @return per tensor, ε·ε and ε·g with g = −∇L
   */
  NoiseProducts perturb(
      ParameterVector theta, ParameterVector gradient, double[] sigmas, boolean fromMle, long seed);

  /**
   * Turns ∇L into {@code share·∇L − Σ_k w_k·σ·n_k} in place, drawing every {@code n_k} again from its seed
   * (candidates with {@code w_k = 0} are not drawn).
   */
  void regenerate(ParameterVector gradient, double[] sigmas, double share, double[] weights, long[] seeds);

  /**
   * Folds a candidate into a streaming sum and resets it:
   * {@code acc ← (first ? 0 : oldScale·acc) + newScale·(candidate − θ)}, then {@code candidate ← θ}, in float32
   * (a factor of exactly 1 is not applied).
   *
   * @param accumulator the running sum, on θ's device
   * @param candidate θ + Δ (a remote replica's is copied to θ's device tensor by tensor first)
   * @param theta θ
   */
  void foldAndRestore(
      ParameterVector accumulator,
      ParameterVector candidate,
      ParameterVector theta,
      double oldScale,
      double newScale,
      boolean first);

  /**
   * One Adam step for every tensor, as DJL's fused kernel computes it: with decoupled decay
   * {@code θ ← θ − (θ·lr)·decay}, else {@code g ← g + decay·θ}; {@code m ← m·β1 + (1−β1)·g};
   * {@code v ← v·β2 + (1−β2)·g·g}; {@code θ ← θ − (m·rate) / (√v + ε)}, with each tensor's own {@code lr}
   * and {@code rate} (a learning-rate schedule changes them from update to update).
   */
  void adam(AdamCoefficients coefficients, List<AdamTensor> tensors);

  /**
   * Adam's constants.
   *
   * @param beta1 β1
   * @param beta2 β2
   * @param epsilon ε
   * @param decoupled AdamW's decoupled weight decay, else L2 decay added to the gradient
   */
  record AdamCoefficients(float beta1, float beta2, float epsilon, boolean decoupled) {}

  /**
   * One tensor's Adam step.
   *
   * @param weight θ, updated in place
   * @param gradient the gradient (or, for MGS, the update direction); read only
   * @param mean the first moment, updated in place
   * @param variance the second moment, updated in place
   * @param learningRate this update's learning rate lr (scales the decoupled decay)
   * @param rate this update's bias-corrected learning rate
   * @param decay the weight decay (0 for one-dimensional parameters)
   */
  record AdamTensor(
      NDArray weight,
      NDArray gradient,
      NDArray mean,
      NDArray variance,
      float learningRate,
      float rate,
      float decay) {}

  /**
   * What {@link #clipAndMeasure} measured.
   *
   * @param norm the global L2 norm before clipping
   * @param absoluteSums per tensor, Σ|x| after clipping
   * @param squaredSums per tensor, Σx² after clipping
   */
  record ClippedNorms(double norm, double[] absoluteSums, double[] squaredSums) {}

  /**
   * What {@link #perturb} measured of a candidate direction ε.
   *
   * @param epsilonSquared per tensor, ε·ε
   * @param epsilonDotCentre per tensor, ε·g with g = −∇L
   */
  record NoiseProducts(double[] epsilonSquared, double[] epsilonDotCentre) {}
}
