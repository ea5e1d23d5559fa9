package io.github.mgs4j.losses.cli;

import static io.github.mgs4j.losses.cli.ScoreCommandTest.JSON;
import static io.github.mgs4j.losses.cli.ScoreCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score --corpus}: sacrebleu's numbers from files and from JSON Lines, paired bootstrap, bad input. */
class CorpusCommandTest {
  @TempDir
  Path dir;

  private static JsonNode vector(String name) throws Exception {
    try (InputStream in = CorpusCommandTest.class.getResourceAsStream("/corpus/vectors.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        JsonNode node = JSON.readTree(line);
        if (name.equals(node.path("name").asText())) {
          return node;
        }
      }
    }
    throw new AssertionError(name);
  }

  private Path write(String name, JsonNode segments, String lineEnd) throws Exception {
    StringBuilder b = new StringBuilder();
    segments.forEach(s -> b.append(s.asText()).append(lineEnd));
    Path p = dir.resolve(name);
    Files.write(p, b.toString().getBytes(StandardCharsets.UTF_8));
    return p;
  }

  @Test
  void filesGiveSacrebleusScoresAndSignatures() throws Exception {
    JsonNode v = vector("sotu");
    Path hyp = write("hyp.txt", v.get("system"), " \r\n");
    Path ref = write("ref.txt", v.get("refs").get(0), "\n");
    ScoreCommandTest.Run r = run("", "--corpus", "--hyp", hyp.toString(), "--ref", ref.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode out = JSON.readTree(r.out());
    assertEquals(3, out.size());
    for (int i = 0; i < 3; i++) {
      JsonNode want = v.get("metrics").get(i);
      assertEquals(want.get("name").asText(), out.get(i).get("name").asText());
      assertEquals(want.get("system_score").asDouble(), out.get(i).get("score").asDouble(), 0.0);
      assertEquals(want.get("signature").asText(), out.get(i).get("signature").asText());
    }
  }

  @Test
  void pairedBootstrapFromJsonLinesIsSacrebleus() throws Exception {
    JsonNode v = vector("random-unicode");
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < v.get("system").size(); i++) {
      in.append(JSON.writeValueAsString(JSON.createObjectNode().put("baseline", v.get("baseline").get(i).asText())
          .put("hyp", v.get("system").get(i).asText()).put("ref", v.get("refs").get(0).get(i).asText())))
          .append('\n');
    }
    ScoreCommandTest.Run r = run(in.toString(), "--corpus", "--paired-bs", "--metrics", "chrf++,bleu");
    assertEquals(0, r.exit(), r.err());
    JsonNode out = JSON.readTree(r.out());
    assertEquals(2, out.size());
    for (JsonNode got : out) {
      JsonNode want = null;
      for (JsonNode m : v.get("metrics")) {
        if (m.get("name").asText().equals(got.get("name").asText())) {
          want = m;
        }
      }
      String what = got.get("name").asText();
      assertEquals(want.get("paired_signature").asText(), got.get("signature").asText(), what);
      assertEquals(want.get("baseline_score").asDouble(), got.get("baseline").get("score").asDouble(), 0.0, what);
      assertEquals(want.get("system_mean").asDouble(), got.get("system").get("mean").asDouble(), 0.0, what);
      assertEquals(want.get("system_ci").asDouble(), got.get("system").get("ci").asDouble(), 0.0, what);
      assertEquals(want.get("baseline_ci").asDouble(), got.get("baseline").get("ci").asDouble(), 0.0, what);
      assertEquals(want.get("p_value").asDouble(), got.get("p_value").asDouble(), 0.0, what);
      assertEquals(want.get("delta_lo").asDouble(), got.get("delta_interval").get(0).asDouble(), 0.0, what);
      assertEquals(want.get("delta_hi").asDouble(), got.get("delta_interval").get(1).asDouble(), 0.0, what);
    }
    assertEquals("chrF2++", out.get(0).get("name").asText());
  }

  @Test
  void badCorporaAreRefusedWithTheFileAndLine() throws Exception {
    Path hyp = dir.resolve("h.txt");
    Path ref = dir.resolve("r.txt");
    Files.write(hyp, "one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
    Files.write(ref, "one\ntwo\n".getBytes(StandardCharsets.UTF_8));
    ScoreCommandTest.Run r = run("", "--corpus", "--hyp", hyp.toString(), "--ref", ref.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains(ref + " has 2 lines but " + hyp + " has 3"), r.err());
    Files.write(ref, new byte[] {'a', '\n', (byte) 0xFF, '\n', 'c', '\n'});
    r = run("", "--corpus", "--hyp", hyp.toString(), "--ref", ref.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains(ref + " line 2: invalid UTF-8 at byte 1"), r.err());
    r = run("{\"hyp\": \"a\", \"ref\": \"a\"}\n{\"hyp\": \"b\"}\n", "--corpus");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("line 2: field \"ref\" is missing"), r.err());
    r = run("{\"hyp\": \"a\", \"ref\": \"a\"}\n", "--corpus", "--paired-bs");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("line 1: --paired-bs needs a string field \"baseline\""), r.err());
    r = run("", "--corpus", "--metrics", "ter");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("unknown metric 'ter'"), r.err());
    for (String err : List.of(r.err())) {
      assertFalse(err.contains("\tat "), err);
    }
  }

  @Test
  void severalReferencesFromJsonArraysAndFilesAgree() throws Exception {
    JsonNode v = vector("two-references");
    StringBuilder in = new StringBuilder();
    List<String> refs0 = new ArrayList<>();
    for (int i = 0; i < v.get("system").size(); i++) {
      in.append(JSON.writeValueAsString(JSON.createObjectNode().put("hyp", v.get("system").get(i).asText())
          .set("ref", JSON.createArrayNode().add(v.get("refs").get(0).get(i).asText())
              .add(v.get("refs").get(1).get(i).asText())))).append('\n');
      refs0.add(v.get("refs").get(0).get(i).asText());
    }
    ScoreCommandTest.Run r = run(in.toString(), "--corpus");
    assertEquals(0, r.exit(), r.err());
    JsonNode out = JSON.readTree(r.out());
    for (int i = 0; i < 3; i++) {
      assertEquals(v.get("metrics").get(i).get("system_score").asDouble(), out.get(i).get("score").asDouble(), 0.0);
      assertTrue(out.get(i).get("signature").asText().startsWith("nrefs:2|"));
    }
    assertFalse(refs0.isEmpty());
  }
}
