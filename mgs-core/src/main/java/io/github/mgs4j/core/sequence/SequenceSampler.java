package io.github.mgs4j.core.sequence;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.BeamSearchDecoder;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.SamplingDecoder;
import io.github.mgs4j.core.loss.NonFiniteLossException;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Draws the candidate set S of every example of a batch and scores it: {@code samples} ancestral samples from
 * p_θ(·|X) (temperature 1, evaluation mode, {@link SamplingDecoder} seeded per step, so sample k of example e has
 * its own random stream, row e·samples + k), optionally the {@code beamCandidates}-best list of a beam of that
 * width (length penalty 1, as fairseq), optionally the reference Y*; with {@code deduplicate} S is a set (Shen et
 * al.'s Algorithm 1 builds S by set union), so each distinct continuation appears once, the reference first, then
 * samples and beam hypotheses in the order drawn. Every candidate is cut after its first EOS (or at the decode
 * length) and scored with the task loss against the example's target. Immutable and thread-safe.
 *
 * @param samples ancestral samples per example, ≥ 0
 * @param beamCandidates the beam width and n-best size per example, ≥ 0 (0 = no beam candidates)
 * @param includeReference whether the reference Y* joins S
 * @param deduplicate whether S holds each distinct continuation once
 * @param decodeLength the maximum number of new tokens per batch
 */
public record SequenceSampler(
    int samples, int beamCandidates, boolean includeReference, boolean deduplicate, DecodeLength decodeLength) {

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException for negative counts or an empty candidate set
   */
  public SequenceSampler {
    if (samples < 0 || beamCandidates < 0) {
      throw new IllegalArgumentException(
          "samples and beam candidates must be >= 0, got " + samples + " and " + beamCandidates);
    }
    if (samples == 0 && beamCandidates == 0 && !includeReference) {
      throw new IllegalArgumentException("the candidate set is empty: ask for samples, beam candidates or the reference");
    }
    Objects.requireNonNull(decodeLength, "decodeLength");
  }

  /**
   * Draws and scores the candidates of a batch.
   *
   * @param model the model (decoded as it is now, without gradients)
   * @param batch the batch
   * @param taskLoss c(Ŷ, Y)
   * @param seed the seed of this step's samples
   * @param scope the manager for the decoders' intermediates
   * @return the scored candidate sets
   * @throws NonFiniteLossException if the task loss of a candidate is NaN or infinite
   */
  public SampledSequences sample(SequenceModel model, Batch batch, TaskLoss taskLoss, long seed, NDManager scope) {
    int examples = batch.size();
    int maxNew = decodeLength.maxNewTokens(batch);
    int[][] contexts = batch.contexts();
    long decodedTokens = 0;
    DecodedBatch sampled = null;
    if (samples > 0) {
      int[][] repeated = new int[examples * samples][];
      for (int r = 0; r < repeated.length; r++) {
        repeated[r] = contexts[r / samples];
      }
      sampled = new SamplingDecoder(seed, 1.0).decode(model, repeated, maxNew, scope);
      decodedTokens += sampled.tokenCount();
    }
    List<List<int[]>> beams = null;
    if (beamCandidates > 0) {
      beams = new BeamSearchDecoder(beamCandidates, 1.0).decodeNBest(model, contexts, maxNew, beamCandidates, scope);
      for (List<int[]> row : beams) {
        for (int[] hypothesis : row) {
          decodedTokens += hypothesis.length;
        }
      }
    }
    List<int[]> rowContexts = new ArrayList<>();
    List<int[]> rowTargets = new ArrayList<>();
    List<int[]> rowTokens = new ArrayList<>();
    List<Integer> rowExample = new ArrayList<>();
    List<Boolean> rowReference = new ArrayList<>();
    for (int e = 0; e < examples; e++) {
      List<int[]> candidates = new ArrayList<>();
      if (includeReference) {
        candidates.add(batch.target(e));
      }
      for (int k = 0; k < samples; k++) {
        candidates.add(sampled.tokens(e * samples + k));
      }
      if (beams != null) {
        candidates.addAll(beams.get(e));
      }
      Set<Tokens> seen = new HashSet<>();
      for (int j = 0; j < candidates.size(); j++) {
        int[] tokens = candidates.get(j);
        if (tokens.length == 0 || (deduplicate && !seen.add(new Tokens(tokens)))) {
          continue;
        }
        rowContexts.add(contexts[e]);
        rowTargets.add(batch.target(e));
        rowTokens.add(tokens);
        rowExample.add(e);
        rowReference.add(includeReference && j == 0);
      }
    }
    int rows = rowTokens.size();
    boolean[] terminated = new boolean[rows];
    int eos = model.eosId();
    for (int r = 0; r < rows; r++) {
      int[] tokens = rowTokens.get(r);
      terminated[r] = tokens[tokens.length - 1] == eos;
    }
    int[][] tokens = rowTokens.toArray(new int[0][]);
    double[] costs = taskLoss.perSequence(
        new Batch(rowContexts.toArray(new int[0][]), rowTargets.toArray(new int[0][])),
        new DecodedBatch(tokens, terminated));
    if (costs.length != rows) {
      throw new IllegalStateException(taskLoss.name() + " returned " + costs.length + " losses for " + rows + " candidates");
    }
    int[] exampleOfRow = new int[rows];
    boolean[] reference = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      if (!Double.isFinite(costs[r])) {
        throw new NonFiniteLossException(taskLoss.name(), rowExample.get(r), costs[r]);
      }
      exampleOfRow[r] = rowExample.get(r);
      reference[r] = rowReference.get(r);
    }
    return new SampledSequences(
        examples, rowContexts.toArray(new int[0][]), tokens, exampleOfRow, costs, reference, decodedTokens);
  }

  /** A token sequence with value equality, for deduplication. */
  private record Tokens(int[] ids) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Tokens t && Arrays.equals(ids, t.ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
      return Arrays.toString(ids);
    }
  }
}
