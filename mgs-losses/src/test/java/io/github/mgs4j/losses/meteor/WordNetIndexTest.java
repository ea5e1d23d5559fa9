package io.github.mgs4j.losses.meteor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The binary search over WordNet's index files: the files are sorted, and every lemma is found. */
class WordNetIndexTest {

  @Test
  void everyIndexFileIsSortedAndEveryLemmaIsFound() {
    for (String pos : new String[] {"noun", "verb", "adj", "adv"}) {
      WordNet.IndexFile index = new WordNet.IndexFile(WordNet.read("index." + pos));
      assertTrue(index.size() > 4000, pos);
      byte[] previous = null;
      for (int i = 0; i < index.size(); i++) {
        String lemma = index.lemma(i);
        byte[] bytes = lemma.getBytes(StandardCharsets.ISO_8859_1);
        if (previous != null) {
          assertTrue(java.util.Arrays.compareUnsigned(previous, bytes) < 0, pos + " not sorted at " + lemma);
        }
        previous = bytes;
        assertNotNull(index.offsets(lemma), pos + " " + lemma);
      }
      assertNull(index.offsets("zzzz-not-a-lemma"), pos);
      assertNull(index.offsets("caf\u00e9\u0301"), pos);
    }
    WordNet.IndexFile nouns = new WordNet.IndexFile(WordNet.read("index.noun"));
    assertArrayEquals(new int[] {2084071, 10114209, 10023039, 9886220, 7676602, 3901548, 2710044}, nouns.offsets("dog"));
  }
}
