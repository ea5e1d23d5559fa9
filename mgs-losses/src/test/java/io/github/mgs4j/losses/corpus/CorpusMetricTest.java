package io.github.mgs4j.losses.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input, variable reference counts and the one-stream shortcuts of the corpus API. */
class CorpusMetricTest {
  private static final List<CorpusMetric> METRICS =
      List.of(CorpusBleu.sacrebleu(), Chrf.chrf(), Chrf.chrfPlusPlus());

  @Test
  void badCorporaGetClearErrors() {
    for (CorpusMetric m : METRICS) {
      IllegalArgumentException empty =
          assertThrows(IllegalArgumentException.class, () -> m.score(List.of(), List.of()));
      assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
      IllegalArgumentException lengths =
          assertThrows(IllegalArgumentException.class, () -> m.score(List.of("a", "b"), List.of("a")));
      assertTrue(lengths.getMessage().contains("1 segments but there are 2"), lengths.getMessage());
      IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
          () -> m.scoreStreams(List.of("a", "b"), List.of(Arrays.asList("a", null))));
      assertTrue(none.getMessage().contains("segment 1 has no reference"), none.getMessage());
      assertThrows(IllegalArgumentException.class, () -> m.scoreStreams(List.of("a"), List.of()));
      assertThrows(NullPointerException.class, () -> m.score(Arrays.asList("a", null), List.of("a", "b")));
    }
  }

  @Test
  void oneStreamEqualsTheStreamForm() {
    List<String> hyps = List.of("the cat sat on the mat", "a dog barked");
    List<String> refs = List.of("the cat sat on a mat", "the dog barked loudly");
    for (CorpusMetric m : METRICS) {
      assertEquals(m.scoreStreams(hyps, List.of(refs)), m.score(hyps, refs));
    }
  }

  @Test
  void aMissingReferenceMakesTheCountVariable() {
    List<String> hyps = List.of("the cat sat on the mat", "a dog barked");
    List<List<String>> streams =
        List.of(List.of("the cat sat on a mat", "the dog barked"), Arrays.asList("a cat sat", null));
    CorpusScore s = CorpusBleu.sacrebleu().scoreStreams(hyps, streams);
    assertTrue(s.signature().startsWith("nrefs:var|"), s.signature());
    assertTrue(s.toString().startsWith("BLEU|nrefs:var|"), s.toString());
  }

  @Test
  void pairedBootstrapRejectsBadSettingsAndUnpairedSystems() {
    assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap(10, -1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.sacrebleu()
        .compare(Chrf.chrf(), List.of("a", "b"), List.of("a"), List.of("a", "b")));
    assertTrue(e.getMessage().contains("baseline has 2 segments but the system has 1"), e.getMessage());
  }

  @Test
  void aSystemComparedWithItselfHasZeroDeltaAndNoSignificance() {
    List<String> hyps = List.of("the cat sat on the mat", "a dog barked", "it rained all day");
    List<String> refs = List.of("the cat sat on a mat", "the dog barked", "it was raining all day");
    PairedBootstrap.Comparison c = new PairedBootstrap(200, 7).compare(CorpusBleu.sacrebleu(), hyps, hyps, refs);
    assertEquals(0.0, c.delta());
    assertEquals(0.0, c.deltaLower());
    assertEquals(0.0, c.deltaUpper());
    assertEquals(c.baseline(), c.system());
    assertEquals(1.0 / 201, c.pValue(), 1e-15);
    assertTrue(c.system().lower() <= c.system().mean() && c.system().mean() <= c.system().upper());
    assertTrue(c.signature().startsWith("nrefs:1|bs:200|seed:7|case:mixed"), c.signature());
  }
}
