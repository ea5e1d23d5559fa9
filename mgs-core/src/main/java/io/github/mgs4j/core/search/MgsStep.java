package io.github.mgs4j.core.search;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.execution.DirectionStorage;
import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.execution.UpdateDirection;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.GradientClipping;
import io.github.mgs4j.core.optim.MleGradient;
import io.github.mgs4j.core.optim.StatefulOptimizer;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.runtime.ParameterArithmetic;
import io.github.mgs4j.core.runtime.ParameterArithmetic.ClippedNorms;
import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.CandidateSearch.Score;
import io.github.mgs4j.core.search.PhaseTimer.Phase;
import io.github.mgs4j.core.train.TrainingStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of Algorithm 1 (MLE-guided parameter search), as the paper writes it ({@link #run}):
 *
 * <ol>
 *   <li>decode the batch with θ and pool the task loss C(θ);
 *   <li>compute the MLE gradient ∇L, clip it to L2 norm {@code mleClipNorm}, and σ_w per tensor from it;
 *   <li>for k = 1..K: draw Δ_k from the proposal ({@code Δ_k = σ ⊙ n_k − [k from the MLE component]·∇L}),
 *       evaluate C(θ + Δ_k) and log q(Δ_k), and {@code log w_k = α(C(θ) − C(θ + Δ_k)) − log q(Δ_k)};
 *   <li>self-normalise the weights in log space, {@code w̃ = softmax(log w)};
 *   <li>hand the update direction {@code −Σ w̃_k Δ_k}, clipped to {@code updateClipNorm}, to the optimizer as
 *       the gradient.
 * </ol>
 *
 * <p>Two seams carry the machine: {@link ParameterArithmetic} (how arithmetic over parameter vectors runs:
 * Java passes on CPU, engine operations elsewhere) and {@link CandidateEvaluator} (where candidates are
 * evaluated: in place, on replicas, on other devices or processes), both chosen by the {@link ExecutionConfig},
 * together with how the direction Σ w̃_k Δ_k is stored ({@link DirectionStorage}). None of them changes a
 * result beyond float rounding. θ changes only in the last line, through the optimizer: any failure before
 * it (a non-finite loss, gradient or weight) leaves the parameters and the optimizer state as they were.
 */
public final class MgsStep implements TrainingStep<StepDiagnostics> {
  private final SequenceModel model;
  private final TaskLoss taskLoss;
  private final MgsConfig config;
  private final Proposal proposal;
  private final ExecutionConfig execution;
  private final SeedStream seeds;
  private final TrainableParameters parameters;
  private final ParameterVector theta;
  private final ParameterArithmetic arithmetic;
  private final StatefulOptimizer optimizer;
  private final CandidateEvaluator evaluator;
  private final DirectionStorage directions;

  /**
   * Creates the step with the default execution ({@link ExecutionConfig#defaults()}).
   *
   * @param model the model to train
   * @param taskLoss the task loss to minimise
   * @param config the hyper-parameters (the optimizer is created from {@link MgsConfig#optimizer()})
   * @param seeds the run's random streams
   */
  public MgsStep(SequenceModel model, TaskLoss taskLoss, MgsConfig config, SeedStream seeds) {
    this(model, taskLoss, config, ExecutionConfig.defaults(), seeds);
  }

  /**
   * Creates the step.
   *
   * @param model the model to train
   * @param taskLoss the task loss to minimise
   * @param config the hyper-parameters (the optimizer is created from {@link MgsConfig#optimizer()})
   * @param execution how the step runs
   * @param seeds the run's random streams
   * @throws IllegalArgumentException if the execution cannot run this model (e.g. replicas of a model that
   *     cannot replicate itself)
   */
  public MgsStep(
      SequenceModel model, TaskLoss taskLoss, MgsConfig config, ExecutionConfig execution, SeedStream seeds) {
    this.model = Objects.requireNonNull(model, "model");
    this.taskLoss = Objects.requireNonNull(taskLoss, "taskLoss");
    this.config = Objects.requireNonNull(config, "config");
    this.proposal = config.proposal();
    this.execution = Objects.requireNonNull(execution, "execution");
    this.seeds = Objects.requireNonNull(seeds, "seeds");
    this.parameters = TrainableParameters.of(model);
    this.theta = ParameterVector.of(parameters);
    this.arithmetic = execution.arithmetic();
    this.optimizer = config.optimizer().newOptimizer(arithmetic);
    this.evaluator = execution.evaluator().create(model, parameters);
    this.directions = execution.directionStorage().resolve(parameters.bytes(), evaluator.holdsCandidates());
  }

  /**
   * Runs one step on a batch.
   *
   * @param batch the batch
   * @param step the global step index (selects the random streams)
   * @return the step's diagnostics
   */
  @Override
  public StepDiagnostics run(Batch batch, long step) {
    Objects.requireNonNull(batch, "batch");
    int k = config.candidates();
    PhaseTimer timer = new PhaseTimer();
    try (NDManager scope = parameters.manager().newSubManager();
        CandidateSearch search =
            new CandidateSearch(step, batch, theta, arithmetic, config, taskLoss, scope, timer)) {
      // 1. C(θ).
      Score base = search.score(model, theta, Phase.DECODE);
      // 2. ∇L, clipped; σ_w = multiplier · mean |∇L_w| (per tensor, by default).
      double mleLoss = timer.time(Phase.BACKPROP, () -> mleGradient(batch, step, scope));
      ParameterVector gradient = ParameterVector.gradientsOf(parameters, scope);
      ClippedNorms mle = timer.time(
          Phase.BACKPROP, () -> GradientClipping.clipAndMeasure(arithmetic, gradient, config.mleClipNorm()));
      double[] sigmas = config.noiseScale().sigmas(mle.absoluteSums(), parameters.sizes(), config.noiseMultiplier());
      search.centre(gradient, sigmas, mle.squaredSums());
      execution.afterBackward();
      // 3. K candidates: C(θ + Δ_k), log q(Δ_k) and log w_k, in candidate order.
      List<Candidate> candidates = candidates(k, step);
      double[] losses = new double[k];
      double[] logProposal = new double[k];
      long[] tokens = {base.decodedTokens()};
      try (UpdateDirection direction = directions.open(search, candidates)) {
        evaluator.evaluate(search, candidates, (evaluated, held) -> timer.time(Phase.WEIGHTING, () -> {
          int c = evaluated.candidate().index();
          losses[c] = evaluated.loss();
          logProposal[c] = proposal.logDensity(evaluated.statistics());
          tokens[0] += evaluated.decodedTokens();
          direction.add(c, ImportanceWeights.logWeight(config.alpha(), base.loss(), losses[c], logProposal[c]), held);
        }));
        // 4. w̃ = softmax(log w).
        ImportanceWeights weights = timer.time(
            Phase.WEIGHTING, () -> ImportanceWeights.compute(base.loss(), losses, logProposal, config.alpha()));
        // 5. −Σ w̃_k Δ_k, clipped, to the optimizer: the one write to θ.
        ParameterVector update = timer.time(Phase.WEIGHTING, () -> direction.negated(weights.normalised()));
        double updateNorm = timer.time(Phase.UPDATE, () -> {
          double norm = GradientClipping.clipAndMeasure(arithmetic, update, config.updateClipNorm()).norm();
          optimizer.updateAll(parameters.names(), parameters.arrays(), update.arrays());
          return norm;
        });
        return new StepDiagnostics(step, base.loss(), losses, fromMle(candidates), logProposal,
            weights.normalised(), weights.standardDeviation(), weights.effectiveSampleSize(),
            weights.totalWeight(fromMle(candidates)), mleLoss, mle.norm(), updateNorm, tokens[0], timer.times());
      }
    }
  }

  /** ∇L_MLE(θ) of the batch into the gradient storage, dropout seeded by the step; returns the MLE loss. */
  private double mleGradient(Batch batch, long step, NDManager scope) {
    Engine.getInstance().setRandomSeed(seeds.intSeed("mle-dropout", step));
    return MleGradient.compute(
        model, parameters, batch, config.mleDropout(), scope, execution.mleMicroBatchRows());
  }

  /** The step's K candidates: components from the proposal, each noise seed from (step, k) alone. */
  private List<Candidate> candidates(int k, long step) {
    boolean[] fromMle = proposal.components(k, seeds.random("components", step));
    List<Candidate> candidates = new ArrayList<>(k);
    for (int c = 0; c < k; c++) {
      candidates.add(new Candidate(c, seeds.seed("noise", step, c), fromMle[c]));
    }
    return candidates;
  }

  private static boolean[] fromMle(List<Candidate> candidates) {
    boolean[] fromMle = new boolean[candidates.size()];
    for (Candidate c : candidates) {
      fromMle[c.index()] = c.fromMle();
    }
    return fromMle;
  }

  /** The hyper-parameters. */
  public MgsConfig config() {
    return config;
  }

  /** How the step runs. */
  public ExecutionConfig execution() {
    return execution;
  }

  @Override
  public StatefulOptimizer optimizer() {
    return optimizer;
  }

  @Override
  public String kind() {
    return "mgs";
  }

  @Override
  public String describe() {
    return config + " taskLoss=" + taskLoss.name();
  }

  /** The algorithm's hyper-parameters and the task loss; not how the step runs (evaluator, storage, ...). */
  @Override
  public Map<String, String> identity() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("candidates", String.valueOf(config.candidates()));
    fields.put("alpha", String.valueOf(config.alpha()));
    fields.put("noise", config.noiseMultiplier() + " x " + config.noiseScale());
    fields.put("assignment", String.valueOf(config.assignment()));
    fields.put("zero_component_weight", String.valueOf(config.zeroComponentWeight()));
    fields.put("density", String.valueOf(config.density()));
    fields.put("mle_clip", String.valueOf(config.mleClipNorm()));
    fields.put("update_clip", String.valueOf(config.updateClipNorm()));
    fields.put("mle_dropout", String.valueOf(config.mleDropout()));
    fields.put("decoder", String.valueOf(config.decoder()));
    fields.put("decode_length", String.valueOf(config.decodeLength()));
    fields.put("optimizer", String.valueOf(config.optimizer()));
    if (config.customProposal() != null) {
      fields.put("proposal", String.valueOf(config.customProposal()));
    }
    fields.put("task_loss", taskLoss.name());
    return fields;
  }

  /** Releases what the evaluator holds (replicas, worker threads). */
  @Override
  public void close() {
    evaluator.close();
  }
}
