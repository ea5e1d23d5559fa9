package io.github.mgs4j.examples.gpt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.examples.cli.SmallCorpus;
import io.github.mgs4j.examples.data.TextCompletionDataset;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.experiment.BundledModel;
import io.github.mgs4j.examples.experiment.TaskLosses;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What makes a Spark worker's shard exact on GPT-2: the bundled model decodes a row, and the task losses score
 * it, the same bit for bit whether the row is decoded with the whole batch or with a shard of it.
 */
class ShardDecodeTest {

  @Test
  void rowsDecodedInShardsEqualTheWholeBatchsRowsBitForBit(@TempDir Path tmp) throws Exception {
    Path dir = BundledModel.extract();
    Path data = SmallCorpus.write(tmp.resolve("data"));
    try (TextTokenizer tokenizer = TextTokenizer.fromDirectory(dir);
        Gpt2Model model = Gpt2Checkpoint.load(dir);
        Gpt2Model scorer = Gpt2Checkpoint.load(dir);
        NDManager scope = NDManager.newBaseManager()) {
      Batch batch = TextCompletionDataset.fromFile(data.resolve("train.txt"), tokenizer).batches(8, null).get(0);
      int maxNewTokens = new DecodeLength(1.3, 24).maxNewTokens(batch);
      GreedyDecoder greedy = new GreedyDecoder();
      DecodedBatch whole = greedy.decode(model, batch.contexts(), maxNewTokens, scope);
      for (String loss : new String[] {"edit", "lm"}) {
        TaskLoss taskLoss = TaskLosses.byName(loss, scorer, tokenizer::decode);
        double[] wholeLosses = taskLoss.perSequence(batch, whole);
        int[] bounds = {0, 3, 5, 8};
        for (int p = 0; p + 1 < bounds.length; p++) {
          Batch shard = batch.slice(bounds[p], bounds[p + 1]);
          DecodedBatch part = greedy.decode(model, shard.contexts(), maxNewTokens, scope);
          double[] partLosses = taskLoss.perSequence(shard, part);
          for (int i = 0; i < shard.size(); i++) {
            assertArrayEquals(whole.tokens(bounds[p] + i), part.tokens(i), "row " + (bounds[p] + i));
            assertArrayEquals(new double[] {wholeLosses[bounds[p] + i]}, new double[] {partLosses[i]},
                loss + " of row " + (bounds[p] + i));
          }
        }
      }
    }
  }
}
