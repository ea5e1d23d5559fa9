package io.github.mgs4j.core.mrt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.sequence.SampledSequences;
import io.github.mgs4j.core.sequence.SequenceLevelStep;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One minimum-risk step (checkpoint kind {@code "mrt"}):
 *
 * <ol>
 *   <li>draw and score the candidate set S of every example ({@link MrtConfig#sampler()});
 *   <li>inside a gradient collector, score S with {@link SequenceModel#sequenceLogProbability}, build the risk
 *       ({@link MinimumRisk}) and, when the MLE weight λ &gt; 0, the loss λ·L_MLE + (1 − λ)·R, and backpropagate;
 *   <li>clip the gradient and hand it to the optimizer.
 * </ol>
 */
public final class MrtStep extends SequenceLevelStep<MrtConfig, MrtStep.Gradient, MrtDiagnostics> {

  /**
   * Creates the step.
   *
   * @param model the model to train (it must implement {@link SequenceModel#sequenceLogProbability})
   * @param taskLoss the task loss c
   * @param config the hyper-parameters (the optimizer is created from {@link MrtConfig#optimizer()})
   * @param seeds the run's random streams
   */
  public MrtStep(SequenceModel model, TaskLoss taskLoss, MrtConfig config, SeedStream seeds) {
    super("mrt", model, taskLoss, config, seeds);
  }

  /**
   * What the gradient pass of one step measured.
   *
   * @param samples the candidate sets
   * @param risk the risk and q
   * @param mleLoss the MLE loss (NaN when its weight is 0)
   */
  public record Gradient(SampledSequences samples, MinimumRisk.Evaluation risk, double mleLoss) {}

  @Override
  protected Gradient gradient(Batch batch, long step, NDManager scope) {
    SampledSequences samples = sample(config().sampler(), batch, step, scope);
    MinimumRisk.Evaluation[] risk = new MinimumRisk.Evaluation[1];
    double[] mle = {Double.NaN};
    backward(() -> {
      NDArray logp = model().sequenceLogProbability(scope, samples.contexts(), samples.continuations(), config().dropout());
      risk[0] = MinimumRisk.evaluate(logp, samples, config().alpha(), config().lengthNormalized(), scope);
      if (config().mleWeight() == 0) {
        return risk[0].risk();
      }
      NDArray mleLoss = model().mleLoss(scope, batch, config().dropout());
      mle[0] = mleLoss.getFloat();
      return mleLoss.mul((float) config().mleWeight()).add(risk[0].risk().mul((float) (1 - config().mleWeight())));
    });
    return new Gradient(samples, risk[0], mle[0]);
  }

  @Override
  protected MrtDiagnostics diagnostics(Gradient g, long step, double gradientNorm, double seconds) {
    SampledSequences s = g.samples();
    return new MrtDiagnostics(step, g.risk().value(), s.meanDecodedCost(), s.decodedCostVariance(),
        (double) s.rows() / s.examples(), g.risk().effectiveCandidates(s), g.risk().referenceWeight(s), g.mleLoss(),
        gradientNorm, s.decodedTokens(), seconds);
  }


  @Override
  protected Map<String, String> objectiveIdentity() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("samples", String.valueOf(config().samples()));
    fields.put("beam_candidates", String.valueOf(config().beamCandidates()));
    fields.put("include_reference", String.valueOf(config().includeReference()));
    fields.put("deduplicate", String.valueOf(config().deduplicate()));
    fields.put("alpha", String.valueOf(config().alpha()));
    fields.put("length_normalized", String.valueOf(config().lengthNormalized()));
    fields.put("mle_weight", String.valueOf(config().mleWeight()));
    return fields;
  }
}
