package io.github.mgs4j.losses.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code score}: reads JSON Lines {@code {"hyp": "...", "ref": "..."}} (UTF-8) from standard input and writes
 * one JSON object of {@link PairScores} per input line to standard output ({@code id} is echoed when
 * present). Blank lines are skipped. A malformed line is reported on standard error with its line number
 * and skipped; the other lines are still scored and the exit code is then 1.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score JSON Lines {\"hyp\": ..., \"ref\": ...} from stdin: sacreBLEU, NLTK BLEU/METEOR, Levenshtein.")
public final class ScoreCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Spec
  private CommandSpec spec;

  private final InputStream in;

  /** A command reading {@code System.in}. */
  public ScoreCommand() {
    this(System.in);
  }

  /**
   * A command reading the given stream.
   *
   * @param in the JSON Lines input
   */
  public ScoreCommand(InputStream in) {
    this.in = in;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int errors = 0;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.println(JSON.writeValueAsString(scoreLine(line)));
        } catch (IllegalArgumentException | IOException e) {
          errors++;
          err.println("line " + number + ": " + firstLine(e.getMessage()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
    err.flush();
    return errors == 0 ? 0 : 1;
  }

  private static ObjectNode scoreLine(String line) throws IOException {
    JsonNode node = JSON.readTree(line);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object with string fields \"hyp\" and \"ref\"");
    }
    String hyp = text(node, "hyp");
    String ref = text(node, "ref");
    ObjectNode scores = PairScores.score(hyp, ref);
    if (node.has("id")) {
      ObjectNode withId = JSON.createObjectNode();
      withId.set("id", node.get("id"));
      withId.setAll(scores);
      return withId;
    }
    return scores;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field \"" + field + "\" is missing or not a string");
    }
    return v.asText();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed line";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
