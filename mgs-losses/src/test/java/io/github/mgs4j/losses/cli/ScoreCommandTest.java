package io.github.mgs4j.losses.cli;

import static io.github.mgs4j.losses.ReferenceVectors.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.losses.ReferenceVectors;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScoreCommandTest {
  private static final String[] FIELDS = {
    "sacrebleu", "sacrebleu_floor", "sacrebleu_addk", "sacrebleu_none", "nltk_bleu_method1", "nltk_meteor",
    "lev_token", "lev_token_norm", "lev_char", "lev_char_norm"
  };

  private record Run(int exit, String out, String err) {}

  private static Run run(String stdin) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == ScoreCommand.class) {
          return cls.cast(new ScoreCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        }
        return CommandLine.defaultFactory().create(cls);
      }
    });
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute("score");
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void scoresEveryVectorLikeTheReference() throws Exception {
    List<JsonNode> vectors = ReferenceVectors.all();
    StringBuilder in = new StringBuilder();
    ObjectMapper json = new ObjectMapper();
    for (JsonNode v : vectors) {
      in.append(json.writeValueAsString(json.createObjectNode().put("hyp", v.get("hyp").asText())
          .put("ref", v.get("ref").asText()))).append('\n');
    }
    Run r = run(in.toString());
    assertEquals(0, r.exit, r.err);
    String[] lines = r.out.split("\n");
    assertEquals(vectors.size(), lines.length);
    for (int i = 0; i < lines.length; i++) {
      JsonNode got = json.readTree(lines[i]);
      JsonNode want = vectors.get(i);
      for (String f : FIELDS) {
        if (want.get(f).isNull()) {
          assertTrue(got.get(f).isNull(), want.get("id").asText() + " " + f);
        } else {
          assertClose(want.get(f).asDouble(), got.get(f).asDouble(), want.get("id").asText() + " " + f);
        }
      }
    }
  }

  @Test
  void aMalformedLineIsReportedAndTheOthersAreScored() throws Exception {
    Run r = run("{\"hyp\": \"a b\", \"ref\": \"a b\", \"id\": 7}\n{\"hyp\": \"oops\"\n\n{\"hyp\": 3, \"ref\": \"x\"}\n"
        + "{\"hyp\": \"\\ud800\", \"ref\": \"\\ud83d\\ude00 \"}\n");
    assertEquals(1, r.exit);
    String[] lines = r.out.split("\n");
    assertEquals(2, lines.length, r.out);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertEquals(7, first.get("id").asInt());
    assertEquals(0, first.get("lev_token").asInt());
    assertTrue(r.err.contains("line 2:"), r.err);
    assertTrue(r.err.contains("line 4:"), r.err);
    assertEquals(2, r.err.strip().split("\n").length, r.err);
  }
}
