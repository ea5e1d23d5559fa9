package io.github.mgs4j.core.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.BeamSearchDecoder;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.decode.SamplingDecoder;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.DecodingSession;
import io.github.mgs4j.core.model.ForwardingSequenceModel;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.testing.BigramModel;
import io.github.mgs4j.core.testing.CountingTask;
import io.github.mgs4j.core.testing.MismatchLoss;
import io.github.mgs4j.core.train.MgsTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A model whose outputs are wrong stops the run with an error that says so, and θ is left as it was. */
class LyingModelTest {
  private static final CountingTask TASK = new CountingTask(10);
  private static final List<Batch> TRAIN = TASK.batches(3, 4, 1);

  /** Wraps a model so that its decoding logits pass through {@code lie}. */
  private static final class Liar extends ForwardingSequenceModel {
    private final UnaryOperator<NDArray> lie;
    private final int declaredVocabulary;

    Liar(SequenceModel model, UnaryOperator<NDArray> lie, int declaredVocabulary) {
      super(model);
      this.lie = lie;
      this.declaredVocabulary = declaredVocabulary;
    }

    @Override
    public int vocabularySize() {
      return declaredVocabulary;
    }

    @Override
    public DecodingSession startDecoding(NDManager manager, int[][] contexts) {
      DecodingSession session = super.startDecoding(manager, contexts);
      return new DecodingSession() {
        @Override
        public int rows() {
          return session.rows();
        }

        @Override
        public NDArray nextLogits() {
          return lie.apply(session.nextLogits());
        }

        @Override
        public void append(NDArray tokens) {
          session.append(tokens);
        }

        @Override
        public void selectRows(NDArray rowIndices) {
          session.selectRows(rowIndices);
        }

        @Override
        public void close() {
          session.close();
        }
      };
    }
  }

  private static MgsTrainer trainer(SequenceModel model) {
    return MgsTrainer.builder(model, new MismatchLoss())
        .config(MgsConfig.builder().candidates(2)
            .optimizer(OptimizerConfig.builder().learningRate(0.02f).weightDecay(0).build()).build())
        .trainerConfig(TrainerConfig.builder().maxSteps(2).validateEvery(0).seed(1).build())
        .build();
  }

  @Test
  void nanLogitsStopTheStepWithThetaUnchanged() throws Exception {
    try (BigramModel bigram = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 3)) {
      SequenceModel liar = new Liar(bigram, l -> l.mul(Float.NaN), TASK.vocabulary());
      float[] before = bigram.flatParameters();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer(liar).train(TRAIN));
      assertTrue(e.getMessage().contains("non-finite next-token logits"), e.getMessage());
      assertArrayEquals(before, bigram.flatParameters());
    }
  }

  @Test
  void logitsWiderThanTheDeclaredVocabularyAreRejectedByEveryDecoder() {
    try (BigramModel bigram = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 3);
        NDManager scope = NDManager.newBaseManager()) {
      // The bigram's logits have vocabulary() columns; the wrapper declares one token fewer.
      SequenceModel liar = new Liar(bigram, UnaryOperator.identity(), TASK.vocabulary() - 1);
      int[][] contexts = {{1, 2}, {3, 4}};
      for (var decoder : List.of(new GreedyDecoder(), new BeamSearchDecoder(2, 1.0), new SamplingDecoder(7, 1.0))) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> decoder.decode(liar, contexts, 5, scope), decoder.toString());
        assertTrue(e.getMessage().contains("shape") && e.getMessage().contains("vocabulary of " + (TASK.vocabulary() - 1)),
            e.getMessage());
      }
    }
  }

  @Test
  void outOfVocabularyTargetIdsAreNamedByBatchRowAndPositionBeforeAnyStep() {
    try (BigramModel bigram = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 3)) {
      Batch bad = new Batch(new int[][] {{1, 2}, {2, 3}}, new int[][] {{3, 4, TASK.eos()}, {4, 99, TASK.eos()}});
      float[] before = bigram.flatParameters();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> trainer(bigram).train(List.of(TRAIN.get(0), bad)));
      assertTrue(e.getMessage().contains("target token id 99 at row 1, position 1 of training batch 1"),
          e.getMessage());
      assertArrayEquals(before, bigram.flatParameters());
    }
  }

  @Test
  void aDecodeLongerThanTheModelCanHoldFailsBeforeAnyStep() {
    try (BigramModel bigram = new BigramModel(TASK.vocabulary(), 8, TASK.eos(), 3)) {
      SequenceModel shortModel = new ForwardingSequenceModel(bigram) {
        @Override
        public int maxSequenceLength() {
          return 6;
        }
      };
      MgsTrainer trainer = MgsTrainer.builder(shortModel, new MismatchLoss())
          .config(MgsConfig.builder().decodeLength(new DecodeLength(3.0, 1000)).build())
          .trainerConfig(TrainerConfig.builder().maxSteps(1).validateEvery(0).build())
          .build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.train(TRAIN));
      assertTrue(e.getMessage().contains("maximum sequence length of 6"), e.getMessage());
    }
  }

  @Test
  void anAbsurdKIsRefusedAtConfigurationTime() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MgsConfig.builder().candidates(Integer.MAX_VALUE).build());
    assertTrue(e.getMessage().contains("K (candidates) must be between 1 and " + MgsConfig.MAX_CANDIDATES),
        e.getMessage());
  }
}
