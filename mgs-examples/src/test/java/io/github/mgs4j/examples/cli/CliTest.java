package io.github.mgs4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MgsExamplesCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  static Path tiny() throws URISyntaxException {
    return Path.of(CliTest.class.getResource("/gpt2/tiny/config.json").toURI()).getParent();
  }

  static JsonNode expected() throws Exception {
    return new ObjectMapper().readTree(tiny().resolve("expected.json").toFile());
  }

  private static String row(JsonNode ids) {
    List<String> parts = new ArrayList<>();
    ids.forEach(i -> parts.add(i.asText()));
    return String.join(",", parts);
  }

  @Test
  void generateAgreesWithTransformersGreedy() throws Exception {
    JsonNode greedy = expected().get("greedy");
    List<String> args = new ArrayList<>(List.of("generate", "--model-dir", tiny().toString(),
        "--max-new-tokens", greedy.get("max_new_tokens").asText()));
    for (JsonNode c : greedy.get("contexts")) {
      args.add("--input-ids");
      args.add(row(c));
    }
    Result r = cli(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(greedy.get("contexts").size(), lines.length);
    for (int i = 0; i < lines.length; i++) {
      assertEquals("[" + row(greedy.get("per_row").get(i)) + "]", lines[i].strip(), "row " + i);
    }
  }

  @Test
  void scoreAgreesWithTransformersForOneTokenPrefixes() throws Exception {
    JsonNode scores = expected().get("scores");
    for (int i = 0; i < scores.get("contexts").size(); i++) {
      JsonNode context = scores.get("contexts").get(i);
      if (context.size() != 1) {
        continue;
      }
      String ids = row(context) + "," + row(scores.get("continuations").get(i));
      Result r = cli("score", "--model-dir", tiny().toString(), "--input-ids", ids, "--input-ids", "7");
      assertEquals(0, r.code(), r.err());
      String[] lines = r.out().strip().split("\n");
      assertEquals(scores.get("log_probs").get(i).asDouble(), Double.parseDouble(lines[0]), 1e-4);
      assertEquals(0.0, Double.parseDouble(lines[1]), "a one-token row has nothing to score");
    }
  }

  private static Path copyOfTiny(Path dir) throws Exception {
    Files.createDirectories(dir);
    for (String f : new String[] {"config.json", "model.safetensors"}) {
      Files.copy(tiny().resolve(f), dir.resolve(f));
    }
    return dir;
  }

  private static void assertOneErrorLine(Result r, String mentions) {
    assertEquals(1, r.code(), r.out() + r.err());
    List<String> lines = r.err().lines().filter(l -> !l.contains("WARN") && !l.isBlank()).toList();
    assertEquals(1, lines.size(), "exactly one error line, got:\n" + r.err());
    assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(mentions), lines.get(0));
  }

  @Test
  void badInputGivesOneClearErrorLine(@TempDir Path tmp) throws Exception {
    assertOneErrorLine(cli("generate", "--model-dir", tmp.resolve("nope").toString(), "--input-ids", "1"),
        "not found");
    Path broken = tmp.resolve("broken");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("config.json"), "{\"n_embd\": ");
    Files.copy(tiny().resolve("model.safetensors"), broken.resolve("model.safetensors"));
    assertOneErrorLine(cli("generate", "--model-dir", broken.toString(), "--input-ids", "1"), "config.json");
    Path relu = copyOfTiny(tmp.resolve("relu"));
    Files.writeString(relu.resolve("config.json"),
        Files.readString(relu.resolve("config.json")).replace("\"gelu_new\"", "\"relu\""));
    assertOneErrorLine(cli("generate", "--model-dir", relu.toString(), "--input-ids", "1"), "activation_function");
    Path truncated = copyOfTiny(tmp.resolve("truncated"));
    byte[] weights = Files.readAllBytes(truncated.resolve("model.safetensors"));
    Files.write(truncated.resolve("model.safetensors"), java.util.Arrays.copyOf(weights, weights.length / 2));
    assertOneErrorLine(cli("score", "--model-dir", truncated.toString(), "--input-ids", "1,2"), "model.safetensors");
    assertOneErrorLine(cli("generate", "--model-dir", tiny().toString(), "--device", "tpu", "--input-ids", "1"),
        "--device must be cpu or gpu");
    assertOneErrorLine(cli("generate", "--model-dir", tiny().toString(), "--input-ids", "1,99999"), "99999");
    assertOneErrorLine(cli("score", "--model-dir", tiny().toString(), "--input-ids", "1,x"), "'x'");
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("train.txt"), "\n\n");
    assertOneErrorLine(cli("mle", "--init", "16,1,2,64", "--data", data.toString(), "--out",
        tmp.resolve("o").toString(), "--steps", "1"), "no usable passages");
    Path withTokenizer = copyOfTiny(tmp.resolve("tiny-tok"));
    try (var in = CliTest.class.getResourceAsStream("/io/github/mgs4j/examples/sotu/tokenizer.json")) {
      Files.copy(in, withTokenizer.resolve("tokenizer.json"));
    }
    assertOneErrorLine(cli("mgs", "--model-dir", withTokenizer.toString(), "--loss", "rouge", "--out",
        tmp.resolve("o2").toString()), "--loss must be lm, edit");
    assertOneErrorLine(cli("run", "--steps", "0", "--out", tmp.resolve("o4").toString()),
        "--steps must be at least 1, got 0");
    assertFalse(Files.exists(tmp.resolve("o4")), "a refused run must not create its output directory");
    // An invalid option value is picocli's usage error: exit code 2, the valid values named first.
    Result directions = cli("mgs", "--model-dir", withTokenizer.toString(), "--loss", "edit", "--out",
        tmp.resolve("o3").toString(), "--directions", "lean");
    assertEquals(2, directions.code(), directions.err());
    assertTrue(directions.err().strip().startsWith("Invalid value for option '--directions'")
        && directions.err().contains("ACCUMULATOR, REGENERATED"), directions.err());
  }
}
