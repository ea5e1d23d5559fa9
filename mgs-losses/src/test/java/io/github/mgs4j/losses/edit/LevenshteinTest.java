package io.github.mgs4j.losses.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mgs4j.losses.ReferenceVectors;
import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LevenshteinTest {

  @Test
  void matchesTheReferenceVectorsExactly() {
    List<JsonNode> vectors = ReferenceVectors.all();
    assertEquals(66, vectors.size());
    for (JsonNode v : vectors) {
      String hyp = v.get("hyp").asText();
      String ref = v.get("ref").asText();
      String id = v.get("id").asText();
      String[] h = PythonWhitespace.split(hyp);
      String[] r = PythonWhitespace.split(ref);
      int tok = Levenshtein.distance(h, r);
      assertEquals(v.get("lev_token").asInt(), tok, id + " lev_token");
      int chr = Levenshtein.codePointDistance(hyp, ref);
      assertEquals(v.get("lev_char").asInt(), chr, id + " lev_char");
      if (v.get("lev_token_norm").isNull()) {
        assertEquals(0, r.length, id);
      } else {
        assertEquals(v.get("lev_token_norm").asDouble(), (double) tok / r.length, 0.0, id + " lev_token_norm");
      }
      if (!v.get("lev_char_norm").isNull()) {
        assertEquals(v.get("lev_char_norm").asDouble(), (double) chr / ref.codePointCount(0, ref.length()), 0.0,
            id + " lev_char_norm");
      }
    }
  }

  @Test
  void theAuthorsFormCutsAfterEosKeepsItAndClips() {
    int eos = 9;
    EditDistanceLoss gpt2 = new EditDistanceLoss(eos, true);
    assertEquals(0.0, gpt2.loss(new int[] {1, 2, 9, 5, 5}, new int[] {1, 2, 9}));
    assertEquals(1.0 / 3, gpt2.loss(new int[] {1, 3, 9}, new int[] {1, 2, 9}), 1e-15);
    assertEquals(1.0, gpt2.loss(new int[] {4, 4, 4, 4, 4, 4, 4, 4}, new int[] {1, 2, 9}));
    assertEquals(8.0 / 3, new EditDistanceLoss(eos, false).loss(new int[] {4, 4, 4, 4, 4, 4, 4, 4}, new int[] {1, 2, 9}),
        1e-15);
  }

  @Property(tries = 300)
  void isAMetric(@ForAll int[] a, @ForAll int[] b) {
    int d = Levenshtein.distance(a, b);
    assertEquals(d, Levenshtein.distance(b, a));
    assertTrue(d >= Math.abs(a.length - b.length) && d <= Math.max(a.length, b.length));
    assertEquals(0, Levenshtein.distance(a, a.clone()));
  }

  @Property(tries = 1000)
  void bitParallelAgreesWithTheDynamicProgramme(@ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 5) int alphabet,
      @ForAll @net.jqwik.api.constraints.Size(max = 80) java.util.List<@net.jqwik.api.constraints.IntRange(min = 0, max = 6) Integer> x,
      @ForAll @net.jqwik.api.constraints.Size(max = 80) java.util.List<@net.jqwik.api.constraints.IntRange(min = 0, max = 6) Integer> y) {
    int[] a = x.stream().mapToInt(v -> v % (alphabet + 1)).toArray();
    int[] b = y.stream().mapToInt(v -> v % (alphabet + 1)).toArray();
    int expected = Levenshtein.dynamicProgramme(a, b);
    assertEquals(expected, Levenshtein.distance(a, b));
    String[] sa = java.util.Arrays.stream(a).mapToObj(Integer::toString).toArray(String[]::new);
    String[] sb = java.util.Arrays.stream(b).mapToObj(Integer::toString).toArray(String[]::new);
    assertEquals(expected, Levenshtein.distance(sa, sb));
  }

  @Property(tries = 400)
  void theBlockFormAgreesWithTheDynamicProgrammeBeyond64Symbols(
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 40) int alphabet,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 400) int lengthA,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 400) int lengthB,
      @ForAll long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    int[] a = rnd.ints(lengthA, 0, alphabet + 1).toArray();
    int[] b = rnd.ints(lengthB, 0, alphabet + 1).toArray();
    if (rnd.nextBoolean() && lengthA > 0) {
      b = a.clone();
      for (int k = 0; k < 1 + rnd.nextInt(10); k++) {
        b[rnd.nextInt(b.length)] = rnd.nextInt(alphabet + 2);
      }
    }
    int expected = Levenshtein.dynamicProgramme(a, b);
    assertEquals(expected, Levenshtein.blockParallel(a, b));
    assertEquals(expected, Levenshtein.blockParallel(b, a));
    assertEquals(expected, Levenshtein.distance(a, b));
  }

  @Test
  void aLongLineStaysFastAndLinearInMemory() {
    StringBuilder x = new StringBuilder();
    java.util.Random rnd = new java.util.Random(3);
    for (int i = 0; i < 50_000; i++) {
      x.append((char) ('a' + rnd.nextInt(26)));
    }
    String a = x.toString();
    assertEquals(1000, Levenshtein.codePointDistance(a, a.substring(1000)));
    assertEquals(3, Levenshtein.codePointDistance(a, a + "\ud83d\ude00xy"));
    String mid = a.substring(0, 3000);
    String other = mid.replace('e', 'q').substring(7) + "tail";
    int[] cm = mid.codePoints().toArray();
    int[] co = other.codePoints().toArray();
    assertEquals(Levenshtein.dynamicProgramme(cm, co), Levenshtein.codePointDistance(mid, other));
  }

  @Property(tries = 600)
  void codePointDistanceEqualsTheProgrammeOnCodePoints(@ForAll long seed,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 300) int lengthA,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 300) int lengthB) {
    java.util.Random rnd = new java.util.Random(seed);
    String alphabet = rnd.nextBoolean() ? "ab cdeé\u00ff." : "ab\u0100\ud83d\ude00x\u00e9";
    int[] symbols = alphabet.codePoints().toArray();
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lengthA; i++) {
      a.appendCodePoint(symbols[rnd.nextInt(symbols.length)]);
    }
    for (int i = 0; i < lengthB; i++) {
      b.appendCodePoint(rnd.nextInt(4) == 0 || i >= a.length() ? symbols[rnd.nextInt(symbols.length)] : a.charAt(i));
    }
    String x = a.toString();
    String y = b.toString();
    int expected = Levenshtein.dynamicProgramme(x.codePoints().toArray(), y.codePoints().toArray());
    assertEquals(expected, Levenshtein.codePointDistance(x, y));
    assertEquals(expected, Levenshtein.codePointDistance(y, x));
  }

  @Property(tries = 300)
  void codePointDistanceNeverThrows(@ForAll String a, @ForAll String b) {
    int d = Levenshtein.codePointDistance(a, b);
    assertTrue(d >= 0 && d <= Math.max(a.codePointCount(0, a.length()), b.codePointCount(0, b.length())));
  }
}
