package io.github.mgs4j.examples.experiment;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.train.MleValidator;
import io.github.mgs4j.core.train.TaskLossValidator;
import io.github.mgs4j.core.train.TrainingListener;
import io.github.mgs4j.core.train.Validator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model selection by the validation task loss among the states whose validation perplexity stays within a
 * budget: each validation decodes the validation contexts greedily (the training decode rule) and averages the
 * task loss, and measures the perplexity on the human continuations of the same passages. A state within
 * {@code maxPerplexityRatio} × the starting model's perplexity scores its task loss; one outside scores
 * {@link #OUT_OF_BUDGET} plus its perplexity ratio, so every state within the budget ranks above every state
 * outside it, and the training loop keeps the best in-budget state (the starting one if none beats it).
 *
 * <p>The paper selects on the validation task loss alone; the perplexity guard is this example's departure
 * (docs/example.md): at this scale the lowest task loss is often reached by a state that has given up much of
 * its likelihood.
 *
 * <p>It is also a {@link TrainingListener} of any trainer (MGS, MRT, PG): told of each validation, it records
 * the step with the two measurements ({@link #points()}).
 */
public final class GuardedTaskLossValidator implements Validator, TrainingListener<Object> {
  /** The score offset of a state outside the perplexity budget (larger than any task loss here). */
  public static final double OUT_OF_BUDGET = 1e6;

  private final TaskLossValidator taskLoss;
  private final MleValidator likelihood;
  private final double referencePerplexity;
  private final double maxPerplexityRatio;
  private final List<ValidationPoint> points = new ArrayList<>();
  private double lastTaskLoss = Double.NaN;
  private double lastPerplexity = Double.NaN;

  /**
   * One validation.
   *
   * @param step the training step after which it ran (0 = the starting model)
   * @param taskLoss the mean validation task loss
   * @param perplexity the perplexity on the validation continuations
   * @param withinBudget whether the perplexity was within the budget
   * @param best whether this state became the best so far
   */
  public record ValidationPoint(long step, double taskLoss, double perplexity, boolean withinBudget, boolean best) {}

  /**
   * Creates the validator.
   *
   * @param batches the validation batches
   * @param loss the task loss
   * @param decodeLength the decode length rule (the training one)
   * @param referencePerplexity the starting model's validation perplexity
   * @param maxPerplexityRatio the budget, as a multiple of the reference (≥ 1; infinity = no guard)
   */
  public GuardedTaskLossValidator(List<Batch> batches, TaskLoss loss, DecodeLength decodeLength,
      double referencePerplexity, double maxPerplexityRatio) {
    if (!(referencePerplexity > 0) || Double.isInfinite(referencePerplexity)) {
      throw new IllegalArgumentException("reference perplexity must be finite and > 0, got " + referencePerplexity);
    }
    if (!(maxPerplexityRatio >= 1)) {
      throw new IllegalArgumentException("perplexity budget must be >= 1, got " + maxPerplexityRatio);
    }
    this.taskLoss = new TaskLossValidator(batches, loss, new GreedyDecoder(), decodeLength);
    this.likelihood = new MleValidator(batches);
    this.referencePerplexity = referencePerplexity;
    this.maxPerplexityRatio = maxPerplexityRatio;
  }

  /** The perplexity of {@code model} on the continuations of {@code batches} (dropout off). */
  public static double perplexity(SequenceModel model, List<Batch> batches) {
    try (NDManager scope = NDManager.newBaseManager()) {
      return Math.exp(new MleValidator(batches).validate(model, scope));
    }
  }

  @Override
  public void requireCompatibleWith(SequenceModel model) {
    taskLoss.requireCompatibleWith(model);
  }

  /** The task-loss validation's identity with the guard's reference perplexity and budget. */
  @Override
  public Map<String, String> identity() {
    Map<String, String> fields = new LinkedHashMap<>(taskLoss.identity());
    fields.put("reference_perplexity", String.valueOf(referencePerplexity));
    fields.put("perplexity_budget", String.valueOf(maxPerplexityRatio));
    return fields;
  }

  @Override
  public double validate(SequenceModel model, NDManager scope) {
    lastTaskLoss = taskLoss.validate(model, scope);
    lastPerplexity = Math.exp(likelihood.validate(model, scope));
    double ratio = lastPerplexity / referencePerplexity;
    return ratio <= maxPerplexityRatio ? lastTaskLoss : OUT_OF_BUDGET + ratio;
  }

  @Override
  public synchronized void onValidation(long step, double loss, boolean improved) {
    points.add(new ValidationPoint(step, lastTaskLoss, lastPerplexity, loss < OUT_OF_BUDGET, improved));
  }

  /** Every validation so far, in order. */
  public synchronized List<ValidationPoint> points() {
    return Collections.unmodifiableList(new ArrayList<>(points));
  }
}
