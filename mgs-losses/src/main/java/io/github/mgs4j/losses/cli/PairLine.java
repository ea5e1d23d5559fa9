package io.github.mgs4j.losses.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One JSON Lines input record {@code {"hyp": "...", "ref": "...", "id": ...}} (a {@code baseline} string and
 * a {@code ref} array are read too, for corpus mode), parsed from its raw bytes: the bytes must be valid
 * UTF-8, the line one JSON object, {@code hyp} and {@code ref} strings of at most {@code maxChars} UTF-16
 * characters. Anything else is a {@link BadLine} with a message that names the problem. Other fields are
 * ignored; for a repeated field the last value counts.
 *
 * @param id the {@code id} value to echo, as JSON text, or {@code null}
 * @param hyp the hypothesis
 * @param refs the reference, or the references of a {@code ref} array
 * @param baseline the {@code baseline} hypothesis, or {@code null}
 */
record PairLine(String id, String hyp, List<String> refs, String baseline) {
  private static final JsonFactory JSON = new JsonFactory();

  /** A line that cannot be scored, with the reason and the {@code id} when it could be read. */
  static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;
    private final String id;

    BadLine(String message, String id) {
      super(message, null, false, false);
      this.id = id;
    }

    /** The line's {@code id} as JSON text, or {@code null}. */
    String id() {
      return id;
    }
  }

  /** The first (or only) reference. */
  String ref() {
    return refs.get(0);
  }

  /**
   * Parses one line.
   *
   * @param bytes the line's bytes, without the newline
   * @param maxChars the longest {@code hyp}, {@code ref} or {@code baseline} accepted; 0 for no limit
   * @throws BadLine when the line is not such a record
   */
  static PairLine parse(byte[] bytes, int maxChars) throws BadLine {
    int invalid = Utf8.firstInvalid(bytes);
    if (invalid >= 0) {
      throw new BadLine("invalid UTF-8 at byte " + (invalid + 1) + " of the line (0x"
          + Integer.toHexString(bytes[invalid] & 0xFF) + ")", null);
    }
    String hyp = null;
    List<String> refs = null;
    String baseline = null;
    String id = null;
    String problem = null;
    try (JsonParser p = JSON.createParser(bytes)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new BadLine("blank line: expected a JSON object with string fields \"hyp\" and \"ref\"", null);
      }
      if (first != JsonToken.START_OBJECT) {
        throw new BadLine("expected a JSON object with string fields \"hyp\" and \"ref\"", null);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "hyp":
            hyp = value == JsonToken.VALUE_STRING ? p.getText() : null;
            break;
          case "baseline":
            baseline = value == JsonToken.VALUE_STRING ? p.getText() : null;
            break;
          case "ref":
            refs = references(p, value);
            break;
          case "id":
            id = copy(p);
            break;
          default:
            p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new BadLine("unexpected content after the JSON object", id);
      }
    } catch (IOException e) {
      throw new BadLine("malformed JSON: " + firstLine(e.getMessage()), id);
    }
    if (hyp == null) {
      problem = "field \"hyp\" is missing or not a string";
    } else if (refs == null) {
      problem = "field \"ref\" is missing or not a string (or an array of strings)";
    }
    if (problem != null) {
      throw new BadLine(problem, id);
    }
    checkLength("hyp", hyp, maxChars, id);
    for (String r : refs) {
      checkLength("ref", r, maxChars, id);
    }
    checkLength("baseline", baseline, maxChars, id);
    return new PairLine(id, hyp, refs, baseline);
  }

  /** The current value (scalar, object or array) as compact JSON text. */
  private static String copy(JsonParser p) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toString();
  }

  private static List<String> references(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return List.of(p.getText());
    }
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == JsonToken.VALUE_STRING) {
        out.add(p.getText());
      } else {
        ok = false;
        p.skipChildren();
      }
    }
    return ok && !out.isEmpty() ? out : null;
  }

  private static void checkLength(String field, String value, int maxChars, String id) throws BadLine {
    if (maxChars > 0 && value != null && value.length() > maxChars) {
      throw new BadLine("field \"" + field + "\" has " + value.length() + " characters, over the limit of "
          + maxChars + " (--max-chars; 0 means no limit)", id);
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "malformed line";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
