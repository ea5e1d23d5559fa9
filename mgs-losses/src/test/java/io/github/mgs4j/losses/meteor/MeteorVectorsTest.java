package io.github.mgs4j.losses.meteor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.losses.ReferenceVectors;
import io.github.mgs4j.losses.text.PythonWhitespace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** METEOR and WordNet against the NLTK reference data. */
class MeteorVectorsTest {

  private static void assertBitExact(double expected, double actual, String what) {
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
        what + ": expected " + expected + " but was " + actual);
  }

  @Test
  void meteorIsBitExactWithNltk() {
    Meteor meteor = Meteor.nltk();
    Meteor exactStem = new Meteor(0.9, 3.0, 0.5, true, false, true);
    Meteor exactOnly = new Meteor(0.9, 3.0, 0.5, false, false, true);
    Meteor caseSensitive = new Meteor(0.9, 3.0, 0.5, true, true, false);
    for (JsonNode v : ReferenceVectors.all()) {
      String id = v.get("id").asText();
      String[] h = PythonWhitespace.split(v.get("hyp").asText());
      String[] r = PythonWhitespace.split(v.get("ref").asText());
      assertBitExact(v.get("nltk_meteor").asDouble(), meteor.score(h, r), id);
      JsonNode d = v.get("meteor_detail");
      MeteorAlignment a = meteor.align(h, r);
      assertEquals(d.get("exact").asInt(), a.exact(), id + " exact");
      assertEquals(d.get("stem").asInt(), a.stem(), id + " stem");
      assertEquals(d.get("synonym").asInt(), a.synonym(), id + " synonym");
      if (!d.get("chunks").isNull()) {
        assertEquals(d.get("chunks").asInt(), a.chunks(), id + " chunks");
      }
      int[] expectedOf = new int[h.length];
      java.util.Arrays.fill(expectedOf, -1);
      for (JsonNode pair : d.get("alignment")) {
        expectedOf[pair.get(0).asInt()] = pair.get(1).asInt();
      }
      org.junit.jupiter.api.Assertions.assertArrayEquals(expectedOf, a.referenceOf(), id + " alignment");
      JsonNode variants = v.get("meteor_variants");
      assertBitExact(variants.get("exact_stem_only").asDouble(), exactStem.score(h, r), id + " exact+stem");
      assertBitExact(variants.get("exact_only").asDouble(), exactOnly.score(h, r), id + " exact");
      assertBitExact(variants.get("case_sensitive").asDouble(), caseSensitive.score(h, r), id + " case");
    }
  }

  @Test
  void synonymSetsEqualNltks() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> mismatches = new ArrayList<>();
    int queries = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        MeteorVectorsTest.class.getResourceAsStream("/metrics/wordnet_synonyms.jsonl"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode e = json.readTree(line);
        Set<String> expected = new TreeSet<>();
        e.get("synonyms").forEach(s -> expected.add(s.asText()));
        String q = e.get("query").asText();
        queries++;
        if (!expected.equals(WordNet.get().synonyms(q))) {
          mismatches.add(q + ": " + WordNet.get().synonyms(q) + " vs NLTK " + expected);
        }
      }
    }
    assertEquals(1834, queries);
    assertEquals(List.of(), mismatches.subList(0, Math.min(10, mismatches.size())));
  }

  @Test
  void documentedBehaviour() {
    Meteor meteor = Meteor.nltk();
    assertEquals(0.5, meteor.score(new String[] {"yes"}, new String[] {"yes"}));
    assertEquals(0.0, meteor.score(new String[0], new String[] {"a"}));
    assertEquals(0.0, meteor.score(new String[] {"big"}, new String[] {"large"}), "stems do not line up");
    assertEquals(0.5, meteor.score(new String[] {"start"}, new String[] {"begin"}), "start/begin are synonyms");
    assertEquals("able", WordNet.stripMarker("able(a)"));
    assertThrows(NullPointerException.class, () -> meteor.score(null, new String[0]));
  }
}
