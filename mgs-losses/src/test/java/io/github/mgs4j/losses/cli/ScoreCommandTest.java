package io.github.mgs4j.losses.cli;

import static io.github.mgs4j.losses.ReferenceVectors.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.losses.ReferenceVectors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The scorer CLI in sentence mode: exact values, aligned output, bad input, streaming, threads. */
class ScoreCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FIELDS = {
    "sacrebleu", "sacrebleu_floor", "sacrebleu_addk", "sacrebleu_none", "nltk_bleu_method1", "nltk_meteor",
    "lev_token", "lev_token_norm", "lev_char", "lev_char_norm"
  };

  record Run(int exit, String out, String err) {
    String[] lines() {
      return out.isEmpty() ? new String[0] : out.split("\n", -1);
    }
  }

  static Run run(byte[] stdin, String... args) {
    return run(new ByteArrayInputStream(stdin), new ByteArrayOutputStream(), args);
  }

  static Run run(String stdin, String... args) {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  static Run run(InputStream in, ByteArrayOutputStream out, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == ScoreCommand.class) {
          return cls.cast(new ScoreCommand(in, out));
        }
        return CommandLine.defaultFactory().create(cls);
      }
    });
    cli.setErr(new PrintWriter(err));
    String[] full = new String[args.length + 1];
    full[0] = "score";
    System.arraycopy(args, 0, full, 1, args.length);
    int exit = cli.execute(full);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  static String pairLine(String hyp, String ref) throws Exception {
    return JSON.writeValueAsString(JSON.createObjectNode().put("hyp", hyp).put("ref", ref));
  }

  @Test
  void scoresEveryVectorLikeTheReferenceOnAnyNumberOfThreads() throws Exception {
    List<JsonNode> vectors = ReferenceVectors.all();
    StringBuilder in = new StringBuilder();
    for (int k = 0; k < 8; k++) {
      for (JsonNode v : vectors) {
        in.append(pairLine(v.get("hyp").asText(), v.get("ref").asText())).append('\n');
      }
    }
    Run one = run(in.toString(), "--threads", "1");
    Run four = run(in.toString(), "--threads", "4");
    assertEquals(0, one.exit, one.err);
    assertEquals(one.out, four.out);
    String[] lines = one.out.split("\n");
    assertEquals(8 * vectors.size(), lines.length);
    for (int i = 0; i < lines.length; i++) {
      JsonNode got = JSON.readTree(lines[i]);
      JsonNode want = vectors.get(i % vectors.size());
      for (String f : FIELDS) {
        String what = want.get("id").asText() + " " + f;
        if (want.get(f).isNull()) {
          assertTrue(got.get(f).isNull(), what);
        } else if (f.equals("nltk_bleu_method1")) {
          assertClose(want.get(f).asDouble(), got.get(f).asDouble(), what);
        } else {
          assertEquals(want.get(f).asDouble(), got.get(f).asDouble(), 0.0, what);
        }
      }
    }
  }

  @Test
  void everyBadLineGetsAnErrorObjectInItsPlace() throws Exception {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    String[] text = {
      "{\"hyp\": \"a b\", \"ref\": \"a b\", \"id\": 7}",
      "{\"hyp\": \"oops\"",
      "",
      "{\"hyp\": 3, \"ref\": \"x\", \"id\": \"third\"}",
      "{\"hyp\": \"\\ud800\", \"ref\": \"\\ud83d\\ude00 \"}",
      "[1, 2]",
      "{\"hyp\": \"a\", \"ref\": \"b\"} 5",
    };
    for (String t : text) {
      in.write(t.getBytes(StandardCharsets.UTF_8));
      in.write('\n');
    }
    in.write("{\"hyp\": \"caf".getBytes(StandardCharsets.UTF_8));
    in.write(new byte[] {(byte) 0xC3, (byte) 0x28});
    in.write("\", \"ref\": \"x\"}\n".getBytes(StandardCharsets.UTF_8));
    in.write("{\"hyp\": \"last\", \"ref\": \"last one\"}".getBytes(StandardCharsets.UTF_8));
    Run r = run(in.toByteArray());
    assertEquals(1, r.exit);
    String[] lines = r.lines();
    assertEquals(10, lines.length, r.out);
    assertEquals("", lines[9]);
    JsonNode first = JSON.readTree(lines[0]);
    assertEquals(7, first.get("id").asInt());
    assertEquals(0, first.get("lev_token").asInt());
    assertError(lines[1], 2, "malformed JSON");
    assertError(lines[2], 3, "blank line");
    JsonNode third = assertError(lines[3], 4, "field \"hyp\" is missing or not a string");
    assertEquals("third", third.get("id").asText());
    assertEquals(2, JSON.readTree(lines[4]).get("lev_char").asInt());
    assertError(lines[5], 6, "expected a JSON object");
    assertError(lines[6], 7, "unexpected content after the JSON object");
    assertError(lines[7], 8, "invalid UTF-8 at byte 13");
    assertEquals(4, JSON.readTree(lines[8]).get("lev_char").asInt());
    for (int n : new int[] {2, 3, 4, 6, 7, 8}) {
      assertTrue(r.err.contains("line " + n + ": "), r.err);
    }
    assertEquals(6, r.err.strip().split("\n").length, r.err);
    assertFalse(r.err.contains("\tat "), r.err);
  }

  private static JsonNode assertError(String line, int number, String message) throws Exception {
    JsonNode node = JSON.readTree(line);
    assertEquals(number, node.get("line").asInt(), line);
    assertTrue(node.get("error").asText().contains(message), line);
    assertNull(node.get("sacrebleu"), line);
    return node;
  }

  @Test
  void idsOfAnyJsonTypeAreEchoedAsGiven() throws Exception {
    String in = "{\"id\": {\"doc\": [1, \"x\", null], \"n\": 2.5}, \"hyp\": \"a\", \"ref\": \"a\"}\n"
        + "{\"id\": \"caf\u00e9 \\\"q\\\"\", \"hyp\": \"a\"}\n";
    Run r = run(in);
    String[] lines = r.lines();
    assertEquals(JSON.readTree("{\"doc\": [1, \"x\", null], \"n\": 2.5}"), JSON.readTree(lines[0]).get("id"));
    assertEquals("caf\u00e9 \"q\"", JSON.readTree(lines[1]).get("id").asText());
    assertEquals(2, JSON.readTree(lines[1]).get("line").asInt());
  }

  @Test
  void skipLeavesBadLinesOutButStillReportsThem() throws Exception {
    String in = pairLine("a b c", "a b c") + "\n{bad\n" + pairLine("x", "y") + "\n";
    Run r = run(in, "--skip");
    assertEquals(1, r.exit);
    assertEquals(2, r.out.strip().split("\n").length, r.out);
    assertTrue(r.err.contains("line 2: malformed JSON"), r.err);
  }

  @Test
  void overLongFieldsAreRefusedWithAClearMessageUnlessTheLimitIsRaised() throws Exception {
    String longText = "word ".repeat(3000).strip();
    String in = pairLine(longText, "word word") + "\n" + pairLine("a", "a") + "\n";
    Run limited = run(in, "--max-chars", "1000");
    assertEquals(1, limited.exit);
    assertError(limited.lines()[0], 1, "field \"hyp\" has 14999 characters, over the limit of 1000 (--max-chars");
    assertEquals(0, JSON.readTree(limited.lines()[1]).get("lev_char").asInt());
    Run byDefault = run(pairLine("x".repeat(20_001), "y") + "\n");
    assertError(byDefault.lines()[0], 1, "has 20001 characters, over the limit of 20000");
    Run unlimited = run(in, "--max-chars", "0");
    assertEquals(0, unlimited.exit, unlimited.err);
    assertEquals(2998, JSON.readTree(unlimited.lines()[0]).get("lev_token").asInt());
    Run huge = run("{\"hyp\": \"" + "x".repeat(200_000) + "\", \"ref\": \"y\"}\n" + pairLine("a", "b") + "\n",
        "--max-chars", "10");
    assertEquals(1, huge.exit);
    assertError(huge.lines()[0], 1, "the line has 200023 bytes");
    assertEquals(1, JSON.readTree(huge.lines()[1]).get("lev_char").asInt());
  }

  @Test
  void outputBeginsBeforeTheInputEnds() throws Exception {
    PipedOutputStream feed = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(feed, 1 << 16);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Run> done = CompletableFuture.supplyAsync(() -> run(in, out, "--threads", "2"));
    feed.write((pairLine("first line", "first line") + "\n").getBytes(StandardCharsets.UTF_8));
    feed.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!out.toString(StandardCharsets.UTF_8).contains("\n") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"sacrebleu\""), "no output while input is open");
    assertFalse(done.isDone());
    feed.write((pairLine("second", "line") + "\n").getBytes(StandardCharsets.UTF_8));
    feed.close();
    Run r = done.get(60, TimeUnit.SECONDS);
    assertEquals(0, r.exit, r.err);
    assertEquals(2, r.out.strip().split("\n").length);
  }

  @Test
  void badOptionsAndFailuresPrintAMessageWithoutAStackTrace() {
    Run corpusOnly = run("", "--paired-bs");
    assertEquals(2, corpusOnly.exit);
    assertTrue(corpusOnly.err.contains("need --corpus"), corpusOnly.err);
    Run missing = run("", "--corpus", "--hyp", "/nonexistent/hyp.txt", "--ref", "/nonexistent/ref.txt");
    assertEquals(2, missing.exit);
    assertTrue(missing.err.startsWith("error: no such file: /nonexistent/hyp.txt"), missing.err);
    assertFalse(missing.err.contains("\tat "), missing.err);
    Run verbose = run("", "--corpus", "--verbose", "--hyp", "/nonexistent/hyp.txt", "--ref", "/nonexistent/ref.txt");
    assertEquals(2, verbose.exit);
    assertTrue(verbose.err.contains("\tat "), verbose.err);
  }

  @Test
  void manyLinesComeBackInOrderWithIds() throws Exception {
    StringBuilder in = new StringBuilder();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      ids.add("n" + i);
      in.append(JSON.writeValueAsString(JSON.createObjectNode().put("id", "n" + i)
          .put("hyp", "word" + (i % 7) + " and more words " + i).put("ref", "more words and word" + i)))
          .append('\n');
      if (i % 500 == 0) {
        in.append("not json\n");
      }
    }
    Run r = run(in.toString(), "--threads", "3");
    String[] lines = r.out.strip().split("\n");
    assertEquals(3006, lines.length);
    int k = 0;
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      if (node.has("error")) {
        continue;
      }
      assertEquals(ids.get(k++), node.get("id").asText());
    }
    assertEquals(3000, k);
  }
}
