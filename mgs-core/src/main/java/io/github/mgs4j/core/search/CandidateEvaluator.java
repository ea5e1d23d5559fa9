package io.github.mgs4j.core.search;

import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.runtime.ParameterVector;
import java.util.List;

/**
 * How a step evaluates its K candidates: for each {@link Candidate}, draw Δ_k, decode the batch with θ + Δ_k
 * and pool the task loss C(θ + Δ_k). Where that happens is the evaluator's business — in place on the model
 * with a snapshot of θ, on model replicas, on replicas spread over devices, on workers in other processes —
 * and nothing else in the step depends on it.
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>A candidate is (step, k, seed, component). Δ_k is {@link CandidateSearch#perturb}'s draw; σ and ∇L
 *       are functions of θ, the batch and the step (the MLE gradient with dropout seeded by
 *       {@code SeedStream.intSeed("mle-dropout", step)}, clipped, then σ by the configured noise scale), so a
 *       worker that holds θ and the batch recomputes them and then Δ_k from the seed alone, bit for bit,
 *       whatever its thread count.
 *   <li>The evaluator returns, per candidate, the pooled loss and the {@link CandidateStatistics} of Δ_k (two
 *       numbers per tensor, measured while drawing it). The step computes log q(Δ_k) from them with its
 *       proposal, and the importance weights from the losses: an evaluator never weighs.
 *   <li>It hands every candidate to the sink in candidate order (k = 0, 1, …), each exactly once. If it still
 *       holds θ + Δ_k at that moment it passes it as {@link Held}, and the sink resets it to θ (an accumulator
 *       folds it on the way); an evaluator that holds no candidate (a remote one) passes null.
 *   <li>When {@link #evaluate} returns or throws, the model's live parameters hold θ bit for bit. The step
 *       changes them afterwards only through the optimizer, so any failure leaves parameters and optimizer
 *       state as they were.
 * </ul>
 *
 * <p>An evaluator is created once per step object ({@link Factory}) and closed with it; {@link #evaluate}
 * is called once per step, from one thread.
 */
public interface CandidateEvaluator extends AutoCloseable {

  /**
   * Evaluates the candidates and hands each to {@code sink}, in order.
   *
   * @param search the step's search: θ, the batch, how to draw a candidate and how to score a model
   * @param candidates the K candidates, in order
   * @param sink receives every evaluated candidate, in order
   */
  void evaluate(CandidateSearch search, List<Candidate> candidates, Sink sink);

  /**
   * Whether this evaluator passes each candidate's θ + Δ_k to the sink (so a direction can be accumulated
   * from it); evaluators that return only losses answer false, and the direction is then drawn again from
   * the seeds.
   */
  default boolean holdsCandidates() {
    return true;
  }

  /** Releases what the evaluator holds (replicas, threads). */
  @Override
  default void close() {}

  /** Receives evaluated candidates. */
  @FunctionalInterface
  interface Sink {
    /**
     * Takes candidate k.
     *
     * @param candidate its loss and statistics
     * @param held θ + Δ_k as the evaluator holds it, reset to θ by the time this returns; or null
     */
    void accept(EvaluatedCandidate candidate, Held held);
  }

  /**
   * A candidate's parameters while the evaluator holds them.
   *
   * @param perturbed θ + Δ_k (the model's parameters, or a replica's)
   * @param theta θ (a snapshot, or the model's parameters)
   */
  record Held(ParameterVector perturbed, ParameterVector theta) {}

  /** Creates an evaluator for a model. */
  @FunctionalInterface
  interface Factory {
    /**
     * Creates the evaluator.
     *
     * @param model the model the step trains
     * @param parameters its parameters
     * @return the evaluator, closed by the step
     */
    CandidateEvaluator create(SequenceModel model, TrainableParameters parameters);

    /**
     * The parameter-sized replicas of θ its evaluators hold, for memory estimates; 0 (the default) for
     * evaluators that work on θ itself, with a snapshot.
     */
    default int replicas() {
      return 0;
    }
  }
}
