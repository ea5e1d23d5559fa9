package io.github.mgs4j.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.io.MalformedFileException;
import io.github.mgs4j.core.model.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCompletionDatasetTest {
  private static TextTokenizer tokenizer;

  @BeforeAll
  static void load() throws Exception {
    tokenizer = TextTokenizer.bundled();
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void bundledSplitsFollowThePapersConstruction() throws Exception {
    TextCompletionDataset valid = TextCompletionDataset.bundled(TextCompletionDataset.Split.VALID, tokenizer);
    TextCompletionDataset test = TextCompletionDataset.bundled(TextCompletionDataset.Split.TEST, tokenizer);
    assertTrue(valid.size() > 1000 && test.size() > 1000, valid.size() + " / " + test.size());
    for (TextCompletionExample e : test.examples()) {
      assertEquals(TextCompletionDataset.CONTEXT_TOKENS, e.context().length);
      assertEquals(tokenizer.eosId(), e.target()[e.target().length - 1]);
      assertTrue(e.target().length >= 2);
      for (int i = 0; i < e.target().length - 1; i++) {
        assertNotEquals(tokenizer.eosId(), e.target()[i]);
      }
    }
    Set<String> validTexts = new HashSet<>();
    for (TextCompletionExample e : valid.examples()) {
      validTexts.add(Arrays.toString(e.context()) + Arrays.toString(e.target()));
    }
    for (TextCompletionExample e : test.examples()) {
      assertTrue(!validTexts.contains(Arrays.toString(e.context()) + Arrays.toString(e.target())), "leak");
    }
  }

  /** Every example once, the same batches for the same seed, and less padding than random batches. */
  @Test
  void lengthBucketedBatchesCoverEveryExampleWithLessPadding() throws Exception {
    TextCompletionDataset valid = TextCompletionDataset.bundled(TextCompletionDataset.Split.VALID, tokenizer);
    List<Batch> bucketed = valid.lengthBucketedBatches(16, 10, 4L);
    assertEquals(bucketed, valid.lengthBucketedBatches(16, 10, 4L));
    assertNotEquals(bucketed, valid.lengthBucketedBatches(16, 10, 5L));
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    for (Batch b : bucketed) {
      for (int i = 0; i < b.size(); i++) {
        seen.merge(Arrays.toString(b.context(i)) + Arrays.toString(b.target(i)), 1, Integer::sum);
      }
    }
    java.util.Map<String, Integer> expected = new java.util.HashMap<>();
    for (TextCompletionExample e : valid.examples()) {
      expected.merge(Arrays.toString(e.context()) + Arrays.toString(e.target()), 1, Integer::sum);
    }
    assertEquals(expected, seen);
    assertTrue(padding(bucketed) < 0.5 * padding(valid.batches(16, 4L)),
        padding(bucketed) + " vs " + padding(valid.batches(16, 4L)));
    assertThrows(IllegalArgumentException.class, () -> valid.lengthBucketedBatches(16, 0, 1L));
  }

  /** Padded positions (up to each batch's longest target) over all batches. */
  private static long padding(List<Batch> batches) {
    long pad = 0;
    for (Batch b : batches) {
      for (int i = 0; i < b.size(); i++) {
        pad += b.longestTarget() - b.target(i).length;
      }
    }
    return pad;
  }

  @Test
  void batchingIsDeterministicBySeed() throws Exception {
    TextCompletionDataset valid =
        TextCompletionDataset.bundled(TextCompletionDataset.Split.VALID, tokenizer).first(50);
    List<Batch> a = valid.batches(8, 3L);
    List<Batch> b = valid.batches(8, 3L);
    List<Batch> c = valid.batches(8, 4L);
    List<Batch> ordered = valid.batches(8, null);
    assertEquals(7, a.size());
    assertEquals(a, b);
    assertNotEquals(a, c);
    assertEquals(2, ordered.get(6).size());
    assertEquals(Arrays.toString(valid.examples().get(0).target()), Arrays.toString(ordered.get(0).target(0)));
  }

  @Test
  void shortPassagesAreDroppedAndEmptyOrMissingFilesAreErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("passages.txt");
    Files.writeString(file, "Too short.\n\nThis passage is certainly long enough to give a context of ten tokens"
        + " and a continuation after it.\n");
    TextCompletionDataset data = TextCompletionDataset.fromFile(file, tokenizer);
    assertEquals(1, data.size());
    Path empty = dir.resolve("empty.txt");
    Files.writeString(empty, "\n  \nshort\n");
    MalformedFileException e = assertThrows(MalformedFileException.class,
        () -> TextCompletionDataset.fromFile(empty, tokenizer));
    assertTrue(e.getMessage().contains("no usable passages"), e.getMessage());
    MalformedFileException missing = assertThrows(MalformedFileException.class,
        () -> TextCompletionDataset.fromFile(dir.resolve("nope.txt"), tokenizer));
    assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
  }
}
