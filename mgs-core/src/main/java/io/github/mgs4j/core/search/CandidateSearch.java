package io.github.mgs4j.core.search;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.Decoder;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import io.github.mgs4j.core.runtime.ParameterArithmetic.NoiseProducts;
import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.PhaseTimer.Phase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One step's search around θ, as a {@link CandidateEvaluator} sees it: the batch, θ, how to draw a candidate
 * into a parameter vector ({@link #perturb}) and how to score a model ({@link #score}). It keeps the clipped
 * MLE gradient ∇L and σ of the step, copies ∇L once to every other device a candidate is drawn on, and times
 * what the evaluator does. Closed by the step when the candidates are evaluated.
 */
public final class CandidateSearch implements AutoCloseable {
  private final long step;
  private final Batch batch;
  private final ParameterVector theta;
  private final ParameterArithmetic arithmetic;
  private final Decoder decoder;
  private final int maxNewTokens;
  private final TaskLoss taskLoss;
  private final NDManager scope;
  private final PhaseTimer timer;
  /** The clipped MLE gradient ∇L, σ_w and g_w·g_w per tensor: set once the MLE gradient is known. */
  private ParameterVector gradient;
  private double[] sigmas;
  private double[] centreSquared;
  /** Per other device: a scope there, and ∇L copied into it. */
  private final Map<Device, Remote> remotes = new HashMap<>();

  CandidateSearch(
      long step,
      Batch batch,
      ParameterVector theta,
      ParameterArithmetic arithmetic,
      MgsConfig config,
      TaskLoss taskLoss,
      NDManager scope,
      PhaseTimer timer) {
    this.step = step;
    this.batch = batch;
    this.theta = theta;
    this.arithmetic = arithmetic;
    this.decoder = config.decoder();
    this.maxNewTokens = config.decodeLength().maxNewTokens(batch);
    this.taskLoss = taskLoss;
    this.scope = scope;
    this.timer = timer;
  }

  /**
   * Sets the proposal's centre and scale: the clipped MLE gradient ∇L, σ_w and g_w·g_w per tensor.
   */
  void centre(ParameterVector gradient, double[] sigmas, double[] centreSquared) {
    this.gradient = gradient;
    this.sigmas = sigmas;
    this.centreSquared = centreSquared;
  }

  /** The step's index. */
  public long step() {
    return step;
  }

  /** The batch. */
  public Batch batch() {
    return batch;
  }

  /** θ: the model's live parameters. */
  public ParameterVector theta() {
    return theta;
  }

  /** The arithmetic the step runs on (for copies between θ and the vectors an evaluator holds). */
  public ParameterArithmetic arithmetic() {
    return arithmetic;
  }

  /**
   * Draws candidate {@code candidate} into {@code target} in place: {@code target ← target + Δ_k}, with
   * {@code Δ_k = σ ⊙ n(seed) − [fromMle]·∇L}.
   *
   * @param target θ's values (the live parameters, or a replica's set to θ), changed in place
   * @param candidate the candidate
   * @return Δ_k's statistics for the proposal density
   */
  public CandidateStatistics perturb(ParameterVector target, Candidate candidate) {
    return timer.time(Phase.NOISE, () -> {
      ParameterVector centre = target.remote() ? remote(target).gradient() : gradient;
      NoiseProducts products =
          arithmetic.perturb(target, centre, sigmas, candidate.fromMle(), candidate.seed());
      return new CandidateStatistics(
          target.sizes(), sigmas, products.epsilonSquared(), products.epsilonDotCentre(), centreSquared);
    });
  }

  /**
   * Decodes the batch with {@code model} and pools the task loss; safe to call from any thread, one call per
   * model at a time.
   *
   * @param model θ's model or a replica, holding the parameters to score
   * @param parameters its parameters (their device holds the decode's arrays)
   * @return the pooled loss and the tokens decoded
   */
  public Score score(SequenceModel model, ParameterVector parameters) {
    return score(model, parameters, Phase.CANDIDATE_DECODE);
  }

  /** {@link #score}, its decode timed as {@code decodePhase}. */
  Score score(SequenceModel model, ParameterVector parameters, Phase decodePhase) {
    NDManager on = parameters.remote() ? remote(parameters).scope() : scope;
    try (NDManager local = on.newSubManager()) {
      DecodedBatch decoded =
          timer.time(decodePhase, () -> decoder.decode(model, batch.contexts(), maxNewTokens, local));
      double loss = timer.time(Phase.TASK_LOSS, () -> taskLoss.pooled(batch, decoded));
      return new Score(loss, decoded.tokenCount());
    }
  }

  /**
   * Waits for a result computed elsewhere (counted as weighting time), rethrowing its failure unwrapped.
   *
   * @param result the pending result
   * @return the result
   */
  public <T> T await(Future<T> result) {
    return timer.time(Phase.WEIGHTING, () -> {
      try {
        return result.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("candidate evaluation failed", cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a candidate", e);
      }
    });
  }

  /**
   * Turns ∇L's storage into the update {@code −Σ_k w̃_k Δ_k = (Σ_{k MLE} w̃_k)·∇L − Σ_k w̃_k σ n_k}, drawing
   * every {@code n_k} again from its seed: the direction from the seeds and the weights alone.
   *
   * @param candidates the step's candidates
   * @param normalised w̃_k per candidate
   * @return ∇L's storage, now holding the update
   */
  public ParameterVector regenerate(List<Candidate> candidates, double[] normalised) {
    return timer.time(Phase.NOISE, () -> {
      double mleShare = 0;
      long[] seeds = new long[candidates.size()];
      for (Candidate c : candidates) {
        mleShare += c.fromMle() ? normalised[c.index()] : 0;
        seeds[c.index()] = c.seed();
      }
      arithmetic.regenerate(gradient, sigmas, mleShare, normalised, seeds);
      return gradient;
    });
  }

  private synchronized Remote remote(ParameterVector on) {
    return remotes.computeIfAbsent(on.device(), device -> {
      NDManager there = on.manager().newSubManager();
      try {
        ParameterVector copy = ParameterVector.zerosLike(gradient, there);
        arithmetic.copy(copy, gradient);
        return new Remote(there, copy);
      } catch (RuntimeException e) {
        there.close();
        throw e;
      }
    });
  }

  /** Frees the scopes and gradient copies on other devices. */
  @Override
  public synchronized void close() {
    for (Remote r : remotes.values()) {
      r.scope().close();
    }
    remotes.clear();
  }

  /**
   * A model's score on the batch.
   *
   * @param loss the pooled task loss
   * @param decodedTokens the tokens decoded
   */
  public record Score(double loss, long decodedTokens) {}

  private record Remote(NDManager scope, ParameterVector gradient) {}
}
