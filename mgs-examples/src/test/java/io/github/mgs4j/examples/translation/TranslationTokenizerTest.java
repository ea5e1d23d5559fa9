package io.github.mgs4j.examples.translation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.io.MalformedFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled tokenizer through DJL against Hugging Face tokenizers' ids, and the bundled corpus. */
class TranslationTokenizerTest {

  @Test
  void bundledTokenizerMatchesHuggingFaceTokenizers() throws Exception {
    try (TranslationTokenizer t = TranslationTokenizer.bundled()) {
      assertEquals(0, t.eosId());
      assertEquals(2, t.padId());
      assertEquals(8000, t.vocabularySize());
      // ids from tokenizers 0.23 (Python) on the same tokenizer.json; lower-casing is the tokenizer's normalizer
      int[] ids = t.encode("En el principio creó Dios los cielos y la tierra.");
      assertArrayEquals(new int[] {98, 111, 4025, 1049, 49, 292, 119, 2388, 61, 103, 1413, 0}, ids);
      assertEquals("en el principio creó dios los cielos y la tierra.", t.decode(ids));
      assertArrayEquals(new int[] {146, 256, 178, 4249, 63, 4690, 165, 102, 1114, 164, 2038, 2372, 3614, 0},
          t.encode("For God so loved the world, that he gave his only born Son."));
      String longLine = "y ".repeat(700) + "fin";
      assertTrue(t.encode(longLine).length > 600, "no silent truncation at 512");
      assertThrows(IllegalArgumentException.class, () -> t.encode("  "));
    }
  }

  @Test
  void bundledCorpusHasTheDocumentedSplits() throws Exception {
    assertEquals(28724, ParallelCorpus.bundled(ParallelCorpus.Split.TRAIN).size());
    ParallelCorpus valid = ParallelCorpus.bundled(ParallelCorpus.Split.VALID);
    assertEquals(1080, valid.size());
    assertEquals(1197, ParallelCorpus.bundled(ParallelCorpus.Split.TEST).size());
    ParallelCorpus.Pair first = valid.pairs().get(0);
    assertTrue(first.reference().matches("[1-3A-Za-z ]+ \\d+:\\d+"), first.reference());
    assertEquals(first.source().toLowerCase(java.util.Locale.ROOT), first.source());
  }

  @Test
  void userFilesMustBeAlignedAndNonEmpty(@TempDir Path tmp) throws Exception {
    Path s = Files.writeString(tmp.resolve("s"), "uno\ndos\n");
    Path t = Files.writeString(tmp.resolve("t"), "one\ntwo\n");
    assertEquals(2, ParallelCorpus.fromFiles(s, t).size());
    Path shortFile = Files.writeString(tmp.resolve("t2"), "one\n");
    assertTrue(assertThrows(MalformedFileException.class, () -> ParallelCorpus.fromFiles(s, shortFile))
        .getMessage().startsWith("unaligned files"));
    Path blank = Files.writeString(tmp.resolve("t3"), "one\n \n");
    assertTrue(assertThrows(MalformedFileException.class, () -> ParallelCorpus.fromFiles(s, blank))
        .getMessage().endsWith("line 2 is empty"));
  }
}
