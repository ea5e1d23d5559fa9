package io.github.mgs4j.losses.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Corpus BLEU, chrF, chrF++ and paired bootstrap resampling against sacrebleu 2.6.0 on every test set. */
class CorpusVectorsTest {
  private static final List<JsonNode> ROWS = CorpusVectors.rows();

  private static void assertSame(double expected, double actual, String what) {
    assertEquals(expected, actual, 0.0, what);
    assertEquals(Double.doubleToLongBits(expected + 0.0), Double.doubleToLongBits(actual + 0.0), what);
  }

  @Test
  void corpusScoresAndSignaturesAreSacrebleus() {
    int checked = 0;
    for (JsonNode row : ROWS) {
      if (!row.has("metrics")) {
        continue;
      }
      List<List<String>> refs = CorpusVectors.streams(row.get("refs"));
      for (JsonNode m : row.get("metrics")) {
        CorpusMetric metric = CorpusVectors.metric(m.get("name").asText());
        String what = row.get("name").asText() + " " + metric.name();
        CorpusScore base = metric.scoreStreams(CorpusVectors.strings(row.get("baseline")), refs);
        CorpusScore sys = metric.scoreStreams(CorpusVectors.strings(row.get("system")), refs);
        assertSame(m.get("baseline_score").asDouble(), base.score(), what + " baseline");
        assertSame(m.get("system_score").asDouble(), sys.score(), what + " system");
        assertEquals(m.get("signature").asText(), sys.signature(), what);
        assertEquals(m.get("name").asText(), sys.name(), what);
        checked++;
      }
    }
    assertEquals(24, checked);
  }

  @Test
  void pairedBootstrapIsSacrebleusToTheLastBit() {
    int checked = 0;
    for (JsonNode row : ROWS) {
      if (!row.has("metrics")) {
        continue;
      }
      PairedBootstrap test = new PairedBootstrap(row.get("resamples").asInt(), row.get("seed").asLong());
      for (JsonNode m : row.get("metrics")) {
        CorpusMetric metric = CorpusVectors.metric(m.get("name").asText());
        String what = row.get("name").asText() + " " + metric.name();
        PairedBootstrap.Comparison c = test.compareStreams(metric, CorpusVectors.strings(row.get("baseline")),
            CorpusVectors.strings(row.get("system")), CorpusVectors.streams(row.get("refs")));
        assertEquals(m.get("paired_signature").asText(), c.signature(), what);
        assertSame(m.get("baseline_score").asDouble(), c.baseline().score(), what + " baseline score");
        assertSame(m.get("system_score").asDouble(), c.system().score(), what + " system score");
        assertSame(m.get("baseline_mean").asDouble(), c.baseline().mean(), what + " baseline mean");
        assertSame(m.get("baseline_ci").asDouble(), c.baseline().ci(), what + " baseline ci");
        assertSame(m.get("system_mean").asDouble(), c.system().mean(), what + " system mean");
        assertSame(m.get("system_ci").asDouble(), c.system().ci(), what + " system ci");
        assertSame(m.get("p_value").asDouble(), c.pValue(), what + " p");
        assertSame(m.get("delta_lo").asDouble(), c.deltaLower(), what + " delta lower");
        assertSame(m.get("delta_hi").asDouble(), c.deltaUpper(), what + " delta upper");
        checked++;
      }
    }
    assertEquals(24, checked);
  }

  @Test
  void resampleIndicesAreNumpys() {
    for (JsonNode row : ROWS) {
      if (!row.has("metrics")) {
        continue;
      }
      int n = row.get("baseline").size();
      NumpyPcg64 rng = new NumpyPcg64(row.get("seed").asLong());
      JsonNode first = row.get("metrics").get(0).get("first_indices");
      for (int i = 0; i < n * row.get("resamples").asInt(); i++) {
        int index = rng.nextIndex(n);
        if (i < first.size()) {
          assertEquals(first.get(i).asInt(), index, row.get("name").asText() + " #" + i);
        }
      }
    }
  }

  @Test
  void nonDefaultConfigurationsAreSacrebleus() {
    JsonNode row = ROWS.stream().filter(r -> r.has("variants")).findFirst().orElseThrow();
    List<String> hyps = CorpusVectors.strings(row.get("system"));
    List<List<String>> refs = CorpusVectors.streams(row.get("refs"));
    for (JsonNode v : row.get("variants")) {
      CorpusMetric metric;
      switch (v.get("config").asText()) {
        case "bleu-lowercase":
          metric = CorpusBleu.lowercase();
          break;
        case "chrf-lowercase":
          metric = new Chrf(6, 0, 2, true, false);
          break;
        case "chrf-whitespace":
          metric = new Chrf(6, 0, 2, false, true);
          break;
        case "chrf-c4-w1-b1":
          metric = new Chrf(4, 1, 1, false, false);
          break;
        default:
          throw new AssertionError(v);
      }
      CorpusScore s = metric.scoreStreams(hyps, refs);
      assertSame(v.get("score").asDouble(), s.score(), v.get("config").asText());
      assertEquals(v.get("signature").asText(), s.signature(), v.get("config").asText());
      assertEquals(v.get("name").asText(), s.name(), v.get("config").asText());
    }
  }
}
