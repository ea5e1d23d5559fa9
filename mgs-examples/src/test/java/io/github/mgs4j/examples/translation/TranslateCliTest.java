package io.github.mgs4j.examples.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mgs4j.examples.cli.MgsExamplesCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code translate generate} and {@code translate score} against transformers' outputs on the tiny Marian
 * checkpoints (ids in, ids out), and their one-line errors for bad input.
 */
class TranslateCliTest {
  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MgsExamplesCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  private static String row(JsonNode ids) {
    List<String> parts = new ArrayList<>();
    ids.forEach(i -> parts.add(i.asText()));
    return String.join(",", parts);
  }

  @ParameterizedTest
  @CsvSource({"tied,1,greedy_batch", "tied,5,beam5_batch", "separate,1,greedy_batch", "separate,5,beam5_batch"})
  void generateAgreesWithTransformers(String name, int beam, String key) throws Exception {
    JsonNode expected = MarianReferenceTest.expected(name);
    List<String> args = new ArrayList<>(List.of("translate", "generate", "--model-dir",
        MarianReferenceTest.dir(name).toString(), "--max-new-tokens", expected.get("max_new_tokens").asText(),
        "--beam", Integer.toString(beam)));
    for (JsonNode s : expected.get("sources")) {
      args.add("--source-ids");
      args.add(row(s));
    }
    Result r = cli(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(expected.get("sources").size(), lines.length);
    for (int i = 0; i < lines.length; i++) {
      assertEquals("[" + row(expected.get(key).get(i)).replace(",", ", ") + "]", lines[i].strip(), "row " + i);
    }
  }

  @ParameterizedTest
  @CsvSource({"tied", "separate"})
  void scoreAgreesWithTransformers(String name) throws Exception {
    JsonNode expected = MarianReferenceTest.expected(name);
    List<String> args = new ArrayList<>(List.of("translate", "score", "--model-dir",
        MarianReferenceTest.dir(name).toString()));
    for (int i = 0; i < expected.get("sources").size(); i++) {
      args.addAll(List.of("--source-ids", row(expected.get("sources").get(i)),
          "--target-ids", row(expected.get("targets").get(i))));
    }
    Result r = cli(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    for (int i = 0; i < lines.length; i++) {
      assertEquals(expected.get("scores").get(i).asDouble(), Double.parseDouble(lines[i]), 1e-3, "row " + i);
    }
  }

  @Test
  void badInputGivesOneErrorLine(@TempDir Path tmp) throws Exception {
    String tied = MarianReferenceTest.dir("tied").toString();
    assertOneError(cli("translate", "score", "--model-dir", tied, "--source-ids", "5,0", "--target-ids", "5,0",
        "--target-ids", "6,0"), "--target-ids");
    assertOneError(cli("translate", "generate", "--model-dir", tied, "--source-ids", "5,999"), "outside the vocabulary");
    assertOneError(cli("translate", "generate", "--model-dir", tied, "--text", "hola"), "tokenizer.json");
    Path gpt2 = Path.of(getClass().getResource("/gpt2/tiny/config.json").toURI()).getParent();
    assertOneError(cli("translate", "generate", "--model-dir", gpt2.toString(), "--source-ids", "5,0"),
        "not a Marian translation model");
    Path src = Files.writeString(tmp.resolve("src.txt"), "uno\ndos\n");
    Path tgt = Files.writeString(tmp.resolve("tgt.txt"), "one\n");
    assertOneError(cli("translate", "mle", "--init", "16,1,2,32", "--steps", "1", "--out", tmp.resolve("o").toString(),
        "--train-source", src.toString(), "--train-target", tgt.toString()), "unaligned");
    Path empty = Files.writeString(tmp.resolve("tgt2.txt"), "one\n\n");
    assertOneError(cli("translate", "mle", "--init", "16,1,2,32", "--steps", "1", "--out", tmp.resolve("o").toString(),
        "--train-source", src.toString(), "--train-target", empty.toString()), "is empty");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertOneError(cli("translate", "run", "--quick", "--out", file.resolve("run").toString()),
        "output directory (--out)");
  }

  private static void assertOneError(Result r, String fragment) {
    assertNotEquals(0, r.code());
    String[] lines = r.err().strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.startsWith("error: ") && last.contains(fragment), r.err());
  }
}
