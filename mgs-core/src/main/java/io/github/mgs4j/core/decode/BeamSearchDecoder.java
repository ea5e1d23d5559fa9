package io.github.mgs4j.core.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search with a fixed width. Hypotheses are ranked by {@code Σ log p / length^lengthPenalty} (length =
 * generated tokens, EOS included). A row stops once it holds {@code width} finished hypotheses (Hugging Face's
 * {@code early_stopping=True}); at the maximum length the live beams compete with the finished ones. Each step
 * ranks, per row, the {@code 2·width} best continuations over all its beams (so that {@code width} live ones
 * remain when some end in EOS). A row's beams leave the model's decoding session once the row is done.
 */
public final class BeamSearchDecoder implements Decoder {
  private final int width;
  private final double lengthPenalty;

  /**
   * Creates the decoder.
   *
   * @param width the beam width, ≥ 1
   * @param lengthPenalty the length-normalisation exponent (0 = raw sum of log-probabilities)
   */
  public BeamSearchDecoder(int width, double lengthPenalty) {
    if (width < 1) {
      throw new IllegalArgumentException("beam width must be >= 1, got " + width);
    }
    if (!Double.isFinite(lengthPenalty)) {
      throw new IllegalArgumentException("length penalty must be finite, got " + lengthPenalty);
    }
    this.width = width;
    this.lengthPenalty = lengthPenalty;
  }

  private record Hypothesis(int[] tokens, double score, boolean terminated) {}

  @Override
  public DecodedBatch decode(SequenceModel model, int[][] contexts, int maxNewTokens, NDManager manager) {
    List<List<Hypothesis>> hypotheses = search(model, contexts, maxNewTokens, manager);
    int[][] out = new int[contexts.length][];
    boolean[] terminated = new boolean[contexts.length];
    for (int i = 0; i < contexts.length; i++) {
      Hypothesis best = null;
      for (Hypothesis h : hypotheses.get(i)) {
        best = better(best, h);
      }
      out[i] = best == null ? new int[0] : best.tokens();
      terminated[i] = best != null && best.terminated();
    }
    return new DecodedBatch(out, terminated);
  }

  /**
   * The {@code n} best hypotheses of every row, best first (the first is what {@link #decode} returns): the
   * candidate sets of minimum risk training (Edunov et al. 2018 train on the n-best list of a beam).
   *
   * @param model the model
   * @param contexts one non-empty context per row
   * @param maxNewTokens the maximum number of generated tokens per row, at least 1
   * @param n how many hypotheses per row, 1 to the beam width
   * @param manager the scope for every intermediate array
   * @return per row up to {@code n} continuations (fewer when the search ended with fewer), each cut after EOS
   */
  public List<List<int[]>> decodeNBest(
      SequenceModel model, int[][] contexts, int maxNewTokens, int n, NDManager manager) {
    if (n < 1 || n > width) {
      throw new IllegalArgumentException("n-best size must lie in [1, beam width " + width + "], got " + n);
    }
    List<List<Hypothesis>> hypotheses = search(model, contexts, maxNewTokens, manager);
    List<List<int[]>> out = new ArrayList<>();
    for (List<Hypothesis> row : hypotheses) {
      List<Hypothesis> sorted = new ArrayList<>(row);
      sorted.sort((a, b) -> Double.compare(b.score(), a.score()));
      List<int[]> best = new ArrayList<>();
      for (int j = 0; j < Math.min(n, sorted.size()); j++) {
        best.add(sorted.get(j).tokens().clone());
      }
      out.add(best);
    }
    return out;
  }

  /** Runs the search; per row every finished hypothesis and, for rows not done, the live beams. */
  private List<List<Hypothesis>> search(
      SequenceModel model, int[][] contexts, int maxNewTokens, NDManager manager) {
    DecoderInputs.validate(model, contexts, maxNewTokens);
    int n = contexts.length;
    int eos = model.eosId();
    int rows = n * width;
    int[][] beamTokens = new int[rows][0];
    double[] beamScores = new double[rows];
    for (int r = 0; r < rows; r++) {
      beamScores[r] = r % width == 0 ? 0 : Double.NEGATIVE_INFINITY;
    }
    List<List<Hypothesis>> finished = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      finished.add(new ArrayList<>());
    }
    boolean[] done = new boolean[n];
    try (NDManager scope = manager.newSubManager();
        DecodingSession session = DecoderInputs.start(model, scope, contexts)) {
      // The rows whose beams the session holds, in its order (row live[p] owns session rows p·width onwards).
      int[] live = new int[n];
      long[] expand = new long[rows];
      for (int r = 0; r < rows; r++) {
        live[r / width] = r / width;
        expand[r] = r / width;
      }
      try (NDArray idx = scope.create(expand)) {
        session.selectRows(idx);
      }
      int perBeam = Math.min(2 * width, model.vocabularySize());
      int candidates = Math.min(2 * width, width * model.vocabularySize());
      for (int step = 0; step < maxNewTokens; step++) {
        float[] topValues;
        long[] topTokens;
        try (NDManager stepScope = scope.newSubManager()) {
          NDArray logProbabilities = session.nextLogits().logSoftmax(1);
          logProbabilities.attach(stepScope);
          NDList top = logProbabilities.topK(perBeam, 1);
          topValues = top.get(0).toFloatArray();
          topTokens = top.get(1).toLongArray();
          top.close();
        }
        int[] parentBeam = new int[rows];
        long[] nextTokens = new long[rows];
        double[] nextScores = new double[rows];
        int[][] nextBeamTokens = new int[rows][];
        for (int p = 0; p < live.length; p++) {
          int i = live[p];
          List<Candidate> best = best(p, i, topValues, topTokens, beamScores, perBeam, candidates);
          int filled = 0;
          for (int j = 0; j < best.size() && filled < width; j++) {
            double score = best.get(j).score();
            if (score == Double.NEGATIVE_INFINITY) {
              break;
            }
            int parent = i * width + best.get(j).beam();
            int token = best.get(j).token();
            int[] extended = Arrays.copyOf(beamTokens[parent], beamTokens[parent].length + 1);
            extended[extended.length - 1] = token;
            if (token == eos) {
              if (j < width) {
                finished.get(i).add(new Hypothesis(extended, normalise(score, extended.length), true));
              }
              continue;
            }
            int target = i * width + filled++;
            parentBeam[target] = best.get(j).beam();
            nextTokens[target] = token;
            nextScores[target] = score;
            nextBeamTokens[target] = extended;
          }
          for (int b = filled; b < width; b++) {
            int target = i * width + b;
            nextTokens[target] = eos;
            nextScores[target] = Double.NEGATIVE_INFINITY;
            nextBeamTokens[target] = beamTokens[i * width];
          }
          if (finished.get(i).size() >= width) {
            done[i] = true;
          }
        }
        for (int i = 0; i < n; i++) {
          if (done[i]) {
            for (int b = 0; b < width; b++) {
              nextScores[i * width + b] = Double.NEGATIVE_INFINITY;
            }
          }
        }
        beamTokens = nextBeamTokens;
        beamScores = nextScores;
        int[] stillLive = Arrays.stream(live).filter(i -> !done[i]).toArray();
        if (stillLive.length == 0 || step == maxNewTokens - 1) {
          break;
        }
        // The session keeps the beams of the rows not done, each continuing from its parent beam.
        long[] select = new long[stillLive.length * width];
        long[] tokens = new long[stillLive.length * width];
        for (int q = 0, p = 0; q < stillLive.length; q++, p++) {
          while (live[p] != stillLive[q]) {
            p++;
          }
          for (int b = 0; b < width; b++) {
            int target = stillLive[q] * width + b;
            select[q * width + b] = (long) p * width + parentBeam[target];
            tokens[q * width + b] = nextTokens[target];
          }
        }
        live = stillLive;
        try (NDArray idx = scope.create(select);
            NDArray next = scope.create(tokens)) {
          session.selectRows(idx);
          session.append(next);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (!done[i]) {
        for (int b = 0; b < width; b++) {
          int r = i * width + b;
          if (beamScores[r] > Double.NEGATIVE_INFINITY) {
            finished.get(i).add(
                new Hypothesis(beamTokens[r], normalise(beamScores[r], beamTokens[r].length), false));
          }
        }
      }
    }
    return finished;
  }

  /** A continuation of a beam: the beam (0 … width−1), the next token and the new total log-probability. */
  private record Candidate(int beam, int token, double score) {}

  /** Best first; ties in the order of (beam, token), as a top-k over the flattened (beam, token) scores. */
  private static final Comparator<Candidate> BEST_FIRST =
      Comparator.comparingDouble(Candidate::score).reversed()
          .thenComparingInt(Candidate::beam)
          .thenComparingInt(Candidate::token);

  /**
   * The {@code count} best continuations of a row over all its beams: beam score plus the token's
   * log-probability (in float32, as the scores were computed). Each beam offers its own {@code perBeam} best
   * tokens, which contain every continuation of the beam that can be among the row's best {@code 2·width}.
   *
   * @param position the row's place in the session (its beams are session rows {@code position·width …})
   * @param row the row (its beams' scores are {@code beamScores[row·width …]})
   */
  private List<Candidate> best(int position, int row, float[] topValues, long[] topTokens, double[] beamScores,
      int perBeam, int count) {
    List<Candidate> all = new ArrayList<>(width * perBeam);
    for (int b = 0; b < width; b++) {
      int sessionRow = position * width + b;
      for (int j = 0; j < perBeam; j++) {
        float total = topValues[sessionRow * perBeam + j] + (float) beamScores[row * width + b];
        all.add(new Candidate(b, (int) topTokens[sessionRow * perBeam + j], total));
      }
    }
    all.sort(BEST_FIRST);
    return all.subList(0, Math.min(count, all.size()));
  }

  private double normalise(double score, int length) {
    return score / Math.pow(Math.max(1, length), lengthPenalty);
  }

  private static Hypothesis better(Hypothesis a, Hypothesis b) {
    return a == null || b.score() > a.score() ? b : a;
  }

  @Override
  public String toString() {
    return "beam(width=" + width + ",lengthPenalty=" + lengthPenalty + ")";
  }
}
