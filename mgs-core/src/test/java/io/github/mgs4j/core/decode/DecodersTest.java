package io.github.mgs4j.core.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.train.MleTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DecodersTest {
  private static final CountingTask TASK = new CountingTask(9);
  private static BigramModel trained;
  private static BigramModel untrained;
  private static NDManager manager;

  @BeforeAll
  static void train() throws Exception {
    trained = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 1);
    MleTrainer.builder(trained)
        .optimizer(OptimizerConfig.builder().learningRate(0.05f).weightDecay(0).build())
        .trainerConfig(TrainerConfig.builder().maxSteps(150).validateEvery(0).build())
        .build()
        .train(TASK.batches(10, 16, 5));
    untrained = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 2);
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    trained.close();
    untrained.close();
    manager.close();
  }

  @Test
  void greedyDecodesTheLearnedTaskAndStopsAtEos() {
    Batch batch = TASK.batches(1, 12, 8).get(0);
    DecodedBatch out = new GreedyDecoder().decode(trained, batch.contexts(), 20, manager);
    for (int i = 0; i < batch.size(); i++) {
      assertArrayEquals(batch.target(i), out.tokens(i), "row " + i);
      assertTrue(out.terminated(i));
    }
  }

  @Test
  void greedyRespectsTheMaximumLength() {
    int[][] contexts = {{0, 1}, {5, 6}};
    DecodedBatch out = new GreedyDecoder().decode(trained, contexts, 3, manager);
    assertArrayEquals(new int[] {2, 3, 4}, out.tokens(0));
    assertFalse(out.terminated(0));
    assertArrayEquals(new int[] {7, 8, TASK.eos()}, out.tokens(1));
    assertTrue(out.terminated(1));
  }

  @Test
  void beamOfWidthOneIsGreedyAndWiderBeamsScoreAtLeastAsWell() {
    int[][] contexts = {{0, 1}, {3, 4}, {6, 7}, {2, 2}};
    DecodedBatch greedy = new GreedyDecoder().decode(untrained, contexts, 6, manager);
    DecodedBatch beam1 = new BeamSearchDecoder(1, 0).decode(untrained, contexts, 6, manager);
    DecodedBatch beam4 = new BeamSearchDecoder(4, 0).decode(untrained, contexts, 6, manager);
    for (int i = 0; i < contexts.length; i++) {
      assertArrayEquals(greedy.tokens(i), beam1.tokens(i), "row " + i);
      if (beam4.tokens(i).length == greedy.tokens(i).length && greedy.terminated(i) == beam4.terminated(i)) {
        double g = score(contexts[i], greedy.tokens(i));
        double b = score(contexts[i], beam4.tokens(i));
        assertTrue(b >= g - 1e-5, "row " + i + ": beam " + b + " < greedy " + g);
      }
    }
    DecodedBatch exact = new BeamSearchDecoder(3, 1).decode(trained, new int[][] {{4, 5}}, 10, manager);
    assertArrayEquals(new int[] {6, 7, 8, TASK.eos()}, exact.tokens(0));
  }

  @Test
  void aBatchDecodesAsItsRowsAloneThoughFinishedRowsLeaveTheSearch() {
    // The trained model ends each count at a different step, so rows finish (and leave) one after another.
    int[][] contexts = {{6, 7}, {0, 1}, {3, 4}, {7}, {1, 2}};
    for (BeamSearchDecoder beam : new BeamSearchDecoder[] {new BeamSearchDecoder(3, 1), new BeamSearchDecoder(2, 0)}) {
      for (BigramModel model : new BigramModel[] {trained, untrained}) {
        DecodedBatch batch = beam.decode(model, contexts, 10, manager);
        for (int i = 0; i < contexts.length; i++) {
          DecodedBatch alone = beam.decode(model, new int[][] {contexts[i]}, 10, manager);
          assertArrayEquals(alone.tokens(0), batch.tokens(i), beam + " row " + i);
          assertEquals(alone.terminated(0), batch.terminated(i), beam + " row " + i);
        }
      }
    }
  }

  private static double score(int[] context, int[] tokens) {
    if (tokens.length == 0) {
      return 0;
    }
    return untrained.continuationLogProbability(manager, new int[][] {context}, new int[][] {tokens})[0];
  }

  @Test
  void theNBestListStartsWithTheBeamsChoiceAndIsSortedByScore() {
    int[][] contexts = {{0, 1}, {3, 4}, {6}};
    BeamSearchDecoder beam = new BeamSearchDecoder(4, 1);
    DecodedBatch best = beam.decode(untrained, contexts, 6, manager);
    java.util.List<java.util.List<int[]>> nBest = beam.decodeNBest(untrained, contexts, 6, 4, manager);
    assertEquals(contexts.length, nBest.size());
    for (int i = 0; i < contexts.length; i++) {
      assertEquals(4, nBest.get(i).size(), "a beam of 4 on a 10-token vocabulary finds 4 hypotheses");
      assertArrayEquals(best.tokens(i), nBest.get(i).get(0));
      double previous = Double.POSITIVE_INFINITY;
      for (int[] hypothesis : nBest.get(i)) {
        double score = untrained.continuationLogProbability(manager, new int[][] {contexts[i]},
            new int[][] {hypothesis})[0] / hypothesis.length;
        assertTrue(score <= previous + 1e-5, "sorted by length-normalised score");
        previous = score;
      }
    }
    assertEquals(2, beam.decodeNBest(untrained, contexts, 6, 2, manager).get(0).size());
    assertThrows(IllegalArgumentException.class, () -> beam.decodeNBest(untrained, contexts, 6, 5, manager));
  }

  @Test
  void samplingIsDeterministicPerSeedAndPerRow() {
    int[][] contexts = {{0, 1}, {2, 3}, {4, 5}};
    SamplingDecoder decoder = new SamplingDecoder(42, 1.0);
    DecodedBatch a = decoder.decode(untrained, contexts, 8, manager);
    DecodedBatch b = decoder.decode(untrained, contexts, 8, manager);
    DecodedBatch alone = decoder.decode(untrained, new int[][] {{0, 1}}, 8, manager);
    for (int i = 0; i < contexts.length; i++) {
      assertArrayEquals(a.tokens(i), b.tokens(i));
    }
    assertArrayEquals(a.tokens(0), alone.tokens(0), "a row's sample must not depend on the other rows");
    boolean anyDifferent = false;
    for (long seed = 1; seed < 6 && !anyDifferent; seed++) {
      DecodedBatch other = new SamplingDecoder(seed, 1.0).decode(untrained, contexts, 8, manager);
      anyDifferent = !Arrays.equals(other.tokens(1), a.tokens(1));
    }
    assertTrue(anyDifferent, "other seeds should give other samples");
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    GreedyDecoder d = new GreedyDecoder();
    assertThrows(IllegalArgumentException.class, () -> d.decode(trained, new int[0][], 5, manager));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.decode(trained, new int[][] {{1, 99}}, 5, manager));
    assertTrue(e.getMessage().contains("99") && e.getMessage().contains("vocabulary"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.decode(trained, new int[][] {{}}, 5, manager));
    assertThrows(IllegalArgumentException.class, () -> d.decode(trained, new int[][] {{1}}, 0, manager));
    assertThrows(IllegalArgumentException.class, () -> new BeamSearchDecoder(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new SamplingDecoder(1, 0));
  }

  @Test
  void decodeLengthIsOnePointThreeTimesTheLongestTargetCapped() {
    Batch batch = new Batch(new int[][] {{1}, {2}}, new int[][] {{1, 2, 3}, new int[10]});
    assertEquals(13, DecodeLength.PAPER.maxNewTokens(batch));
    assertEquals(5, new DecodeLength(1.3, 5).maxNewTokens(batch));
    assertThrows(IllegalArgumentException.class, () -> new DecodeLength(0, 5));
  }
}
