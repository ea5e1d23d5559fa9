package io.github.mgs4j.losses.meteor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PorterStemmerTest {

  @Test
  void matchesNltkOnAll495kWords() throws IOException {
    List<String> mismatches = new ArrayList<>();
    int words = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(PorterStemmerTest.class.getResourceAsStream("/metrics/porter_stems.tsv.gz")),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        String word = line.substring(0, tab);
        String expected = line.substring(tab + 1);
        words++;
        String actual = PorterStemmer.stem(word);
        if (!expected.equals(actual) && mismatches.size() < 20) {
          mismatches.add(word + " -> " + actual + " (NLTK: " + expected + ")");
        }
      }
    }
    assertTrue(words > 490_000, "only " + words + " words read");
    assertEquals(List.of(), mismatches);
  }

  @Test
  void nltkSpecificRules() {
    assertEquals("sky", PorterStemmer.stem("skies"));
    assertEquals("die", PorterStemmer.stem("dying"));
    assertEquals("happi", PorterStemmer.stem("happy"));
    assertEquals("enjoy", PorterStemmer.stem("enjoy"));
    assertEquals("\uD83D\uDE00s", PorterStemmer.stem("\uD83D\uDE00s"), "two code points stay unchanged");
    assertEquals("ab", PorterStemmer.stem("AB"));
  }

  @Property(tries = 500)
  void neverThrowsAndIsLowerCase(@ForAll String word) {
    String stem = PorterStemmer.stem(word);
    assertEquals(stem, PorterStemmer.stem(word));
  }
}
