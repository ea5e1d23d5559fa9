package io.github.mgs4j.examples.experiment;

import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.mrt.MrtConfig;
import io.github.mgs4j.core.mrt.MrtTrainer;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.pg.PolicyGradientConfig;
import io.github.mgs4j.core.pg.PolicyGradientTrainer;
import io.github.mgs4j.core.sequence.SequenceLevelDiagnostics;
import io.github.mgs4j.core.train.TrainerBuilder;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingListener;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.core.train.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One fine-tuning run of a baseline the paper compares MGS with, on the example's terms: minimum risk training
 * ({@link MrtTrainer}) or policy gradient ({@link PolicyGradientTrainer}), with the same steps, batches, seed,
 * decode-length rule and task loss as the MGS rows, validation on the task loss of greedy decodes when asked.
 *
 * @param method which baseline
 * @param samples candidates per example: MRT's |S| before deduplication, PG's K
 * @param alpha MRT's sharpness α (unused by PG)
 * @param optimizer the optimizer family
 * @param learningRate the learning rate
 * @param steps the number of steps
 * @param validateEvery steps between validations (0 = none)
 * @param decodeCap the cap on training decode lengths (the paper's 1.3× rule applies below it)
 * @param seed the run's seed
 */
public record BaselineRun(Method method, int samples, double alpha, OptimizerConfig.Kind optimizer,
    float learningRate, long steps, long validateEvery, int decodeCap, long seed) {

  /** The baselines. */
  public enum Method {
    /** Minimum risk training (Shen et al. 2016). */
    MRT,
    /** Policy gradient with the leave-one-out baseline. */
    PG
  }

  /** Validates the method. */
  public BaselineRun {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(optimizer, "optimizer");
  }

  /**
   * The example's settings of a baseline row ({@code run --baselines}, {@code bench-baselines}): MGS's step rule
   * in {@code run} (SGD at 0.5 on a direction clipped to norm 1); PG with K = 4 samples, as many decodes per
   * example as MGS's K = 4 candidates; MRT with Shen et al.'s objective (α = 5·10⁻³, S deduplicated) over 8
   * samples. See docs/baselines.md.
   *
   * @param method the baseline
   * @param steps the number of steps (the MGS rows' count)
   * @param seed the run's seed
   */
  public static BaselineRun example(Method method, long steps, long seed) {
    return switch (method) {
      case MRT -> new BaselineRun(Method.MRT, 8, 5e-3, OptimizerConfig.Kind.SGD, 0.5f, steps, 0, 200, seed);
      case PG -> new BaselineRun(Method.PG, 4, 0, OptimizerConfig.Kind.SGD, 0.5f, steps, 0, 200, seed);
    };
  }

  /**
   * The MRT configuration of this run: Shen et al.'s, with this run's |S|, α and decode length. Eq. (7) carries
   * the factor α, so with SGD MRT steps along ∇R/α by this run's rule: the gradient is clipped to norm α and the
   * learning rate divided by α, the same update as clipping ∇R/α to norm 1 at the run's learning rate (with
   * α = 5·10⁻³ the bundled model's ∇R has norm ≈ 0.02, which would move it 50 times less than MGS and PG do).
   * Adam is invariant to that scale and takes the settings as they are.
   */
  public MrtConfig mrtConfig() {
    boolean sgd = optimizer == OptimizerConfig.Kind.SGD;
    return MrtConfig.builder().samples(samples).alpha(alpha).decodeLength(new DecodeLength(1.3, decodeCap))
        .clipNorm(sgd ? alpha : 1.0)
        .optimizer(OptimizerConfig.builder().kind(optimizer)
            .learningRate(sgd ? (float) (learningRate / alpha) : learningRate).build())
        .build();
  }

  /** The policy-gradient configuration of this run. */
  public PolicyGradientConfig policyGradientConfig() {
    return PolicyGradientConfig.builder().samples(samples).decodeLength(new DecodeLength(1.3, decodeCap))
        .optimizer(OptimizerConfig.builder().kind(optimizer).learningRate(learningRate).build()).build();
  }

  /**
   * Trains the model in place.
   *
   * @param model the model (starts from the MLE checkpoint)
   * @param loss the task loss
   * @param train training batches
   * @param valid validation batches ({@code null} = none)
   * @param onStep receives every step's diagnostics
   * @param checkpoints a checkpoint directory or {@code null}
   * @return how the run ended
   * @throws IOException if a checkpoint cannot be written or read
   */
  public TrainingResult train(SequenceModel model, TaskLoss loss, List<Batch> train, List<Batch> valid,
      Consumer<SequenceLevelDiagnostics> onStep, Path checkpoints) throws IOException {
    return train(model, loss, train, valid == null ? 0 : validateEvery, 0, b -> {
      if (valid != null) {
        b.validation(valid);
      }
    }, onStep, checkpoints);
  }

  /**
   * Trains the model in place, validating with {@code validator} every {@code validateEvery} steps (which is
   * also told of each validation when it is a {@link TrainingListener}), stopping after {@code patience}
   * validations without improvement and restoring the best state, as the MGS rows of {@code run} do.
   *
   * @param model the model (starts from the MLE checkpoint)
   * @param loss the task loss
   * @param train training batches
   * @param validator the validation loss
   * @param patience validations without improvement before stopping (0 = never stop early)
   * @param onStep receives every step's diagnostics
   * @return how the run ended
   * @throws IOException if a checkpoint cannot be written or read
   */
  public TrainingResult train(SequenceModel model, TaskLoss loss, List<Batch> train, Validator validator,
      int patience, Consumer<SequenceLevelDiagnostics> onStep) throws IOException {
    Objects.requireNonNull(validator, "validator");
    return train(model, loss, train, validateEvery, patience, b -> {
      b.validator(validator);
      if (validator instanceof TrainingListener<?> told) {
        @SuppressWarnings("unchecked")
        TrainingListener<Object> typed = (TrainingListener<Object>) told;
        b.listener(typed);
      }
    }, onStep, null);
  }

  private TrainingResult train(SequenceModel model, TaskLoss loss, List<Batch> train, long every, int patience,
      Consumer<TrainerBuilder<?, ?, ?>> validation, Consumer<SequenceLevelDiagnostics> onStep, Path checkpoints)
      throws IOException {
    TrainerConfig loop = TrainerConfig.builder()
        .maxSteps(steps)
        .validateEvery(every)
        .patience(patience)
        .seed(seed)
        .checkpointDirectory(checkpoints)
        .build();
    TrainingListener<SequenceLevelDiagnostics> listener = new TrainingListener<>() {
      @Override
      public void onStep(SequenceLevelDiagnostics d) {
        onStep.accept(d);
      }
    };
    if (method == Method.MRT) {
      MrtTrainer.Builder builder = MrtTrainer.builder(model, loss).config(mrtConfig()).trainerConfig(loop)
          .listener(listener);
      validation.accept(builder);
      return builder.build().train(train);
    }
    PolicyGradientTrainer.Builder builder = PolicyGradientTrainer.builder(model, loss)
        .config(policyGradientConfig()).trainerConfig(loop).listener(listener);
    validation.accept(builder);
    return builder.build().train(train);
  }

  /** This run with another optimizer, learning rate and validation interval (the MGS rows' settings). */
  public BaselineRun with(OptimizerConfig.Kind newOptimizer, float newLearningRate, long newValidateEvery) {
    return new BaselineRun(method, samples, alpha, newOptimizer, newLearningRate, steps, newValidateEvery,
        decodeCap, seed);
  }

  /** A one-line description. */
  public String describe() {
    return String.format(Locale.ROOT, "%s samples=%d%s %s lr=%s steps=%d decodeCap=%d seed=%d", method, samples,
        method == Method.MRT ? " alpha=" + alpha : "", optimizer.name().toLowerCase(Locale.ROOT), learningRate,
        steps, decodeCap, seed);
  }
}
