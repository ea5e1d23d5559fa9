package io.github.mgs4j.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.GradientClipping;
import io.github.mgs4j.core.optim.MleGradient;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.optim.StatefulOptimizer;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.runtime.ParameterVector;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One maximum-likelihood step: token-level NLL gradient (dropout on), clipped to a global L2 norm, then the
 * optimizer update. This is the MLE stage MGS starts from.
 */
public final class MleStep implements TrainingStep<MleStepDiagnostics> {
  private final SequenceModel model;
  private final TrainableParameters parameters;
  private final StatefulOptimizer optimizer;
  private final OptimizerConfig optimizerConfig;
  private final double clipNorm;
  private final boolean dropout;
  private final int microBatchRows;
  private final SeedStream seeds;

  /**
   * Creates the step.
   *
   * @param model the model
   * @param optimizerConfig the optimizer
   * @param clipNorm the gradient clip norm (&gt; 0)
   * @param dropout whether dropout is on
   * @param microBatchRows rows per forward/backward pass (0 = the whole batch)
   * @param seeds the run's random streams
   */
  public MleStep(
      SequenceModel model,
      OptimizerConfig optimizerConfig,
      double clipNorm,
      boolean dropout,
      int microBatchRows,
      SeedStream seeds) {
    this.model = Objects.requireNonNull(model, "model");
    this.parameters = TrainableParameters.of(model);
    this.optimizerConfig = Objects.requireNonNull(optimizerConfig, "optimizerConfig");
    this.optimizer = optimizerConfig.newOptimizer();
    if (!(clipNorm > 0)) {
      throw new IllegalArgumentException("clip norm must be > 0, got " + clipNorm);
    }
    this.clipNorm = clipNorm;
    this.dropout = dropout;
    if (microBatchRows < 0) {
      throw new IllegalArgumentException("micro-batch rows must be >= 0, got " + microBatchRows);
    }
    this.microBatchRows = microBatchRows;
    this.seeds = Objects.requireNonNull(seeds, "seeds");
  }

  @Override
  public MleStepDiagnostics run(Batch batch, long step) {
    long t0 = System.nanoTime();
    try (NDManager scope = parameters.manager().newSubManager()) {
      Engine.getInstance().setRandomSeed(seeds.intSeed("mle-dropout", step));
      double loss = MleGradient.compute(model, parameters, batch, dropout, scope, microBatchRows);
      List<NDArray> gradients = ParameterVector.gradientsOf(parameters, scope).arrays();
      double norm = GradientClipping.clipInPlace(gradients, clipNorm);
      optimizer.updateAll(parameters.names(), parameters.arrays(), gradients);
      return new MleStepDiagnostics(step, loss, norm, (System.nanoTime() - t0) / 1e9);
    }
  }

  @Override
  public StatefulOptimizer optimizer() {
    return optimizer;
  }

  @Override
  public String kind() {
    return "mle";
  }

  @Override
  public String describe() {
    return "MLE{clip=" + clipNorm + ", dropout=" + dropout
        + (microBatchRows > 0 ? ", microBatchRows=" + microBatchRows : "") + ", optimizer=" + optimizerConfig + "}";
  }

  @Override
  public Map<String, String> identity() {
    return Map.of("clip", String.valueOf(clipNorm), "dropout", String.valueOf(dropout), "optimizer",
        optimizerConfig.toString());
  }

  @Override
  public void close() {}
}
