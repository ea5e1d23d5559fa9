package io.github.mgs4j.core.pg;

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
 * One policy-gradient step (checkpoint kind {@code "pg"}):
 *
 * <ol>
 *   <li>draw K samples per example from p_θ ({@link PolicyGradientConfig#sampler()}) and score them with the task
 *       loss;
 *   <li>inside a gradient collector, score them with {@link SequenceModel#sequenceLogProbability}, build the
 *       REINFORCE surrogate ({@link Reinforce}) and backpropagate;
 *   <li>clip the gradient and hand it to the optimizer.
 * </ol>
 */
public final class PolicyGradientStep
    extends SequenceLevelStep<PolicyGradientConfig, PolicyGradientStep.Gradient, PolicyGradientDiagnostics> {

  /**
   * Creates the step.
   *
   * @param model the model to train (it must implement {@link SequenceModel#sequenceLogProbability})
   * @param taskLoss the task loss c
   * @param config the hyper-parameters (the optimizer is created from {@link PolicyGradientConfig#optimizer()})
   * @param seeds the run's random streams
   */
  public PolicyGradientStep(SequenceModel model, TaskLoss taskLoss, PolicyGradientConfig config, SeedStream seeds) {
    super("pg", model, taskLoss, config, seeds);
  }

  /**
   * What the gradient pass of one step measured.
   *
   * @param samples the samples
   * @param surrogate the surrogate and its advantages
   */
  public record Gradient(SampledSequences samples, Reinforce.Evaluation surrogate) {}

  @Override
  protected Gradient gradient(Batch batch, long step, NDManager scope) {
    SampledSequences samples = sample(config().sampler(), batch, step, scope);
    Reinforce.Evaluation[] surrogate = new Reinforce.Evaluation[1];
    backward(() -> {
      NDArray logp = model().sequenceLogProbability(scope, samples.contexts(), samples.continuations(), config().dropout());
      surrogate[0] = Reinforce.evaluate(logp, samples, config().baseline(), config().entropyWeight(), scope);
      return surrogate[0].surrogate();
    });
    return new Gradient(samples, surrogate[0]);
  }

  @Override
  protected PolicyGradientDiagnostics diagnostics(Gradient g, long step, double gradientNorm, double seconds) {
    SampledSequences s = g.samples();
    double absolute = 0;
    for (double a : g.surrogate().advantages()) {
      absolute += Math.abs(a);
    }
    return new PolicyGradientDiagnostics(step, s.meanDecodedCost(), s.decodedCostVariance(), absolute / s.rows(),
        g.surrogate().entropy(), gradientNorm, s.decodedTokens(), seconds);
  }


  @Override
  protected Map<String, String> objectiveIdentity() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("samples", String.valueOf(config().samples()));
    fields.put("baseline", String.valueOf(config().baseline()));
    fields.put("entropy_weight", String.valueOf(config().entropyWeight()));
    return fields;
  }
}
