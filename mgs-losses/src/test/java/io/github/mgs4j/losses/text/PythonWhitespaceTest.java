package io.github.mgs4j.losses.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mgs4j.losses.ReferenceVectors;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** str.split() and rstrip(): Python's tokens for every vector, and a code-point reference on any string. */
class PythonWhitespaceTest {

  @Test
  void splitGivesPythonsTokensForEveryVector() {
    for (JsonNode v : ReferenceVectors.all()) {
      List<String> want = new ArrayList<>();
      v.get("hyp_tokens").forEach(t -> want.add(t.asText()));
      assertEquals(want, List.of(PythonWhitespace.split(v.get("hyp").asText())), v.get("id").asText());
    }
  }

  /** The definition, one code point at a time. */
  private static String[] reference(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    s.codePoints().forEach(cp -> {
      if (PythonWhitespace.isWhitespace(cp)) {
        if (token.length() > 0) {
          out.add(token.toString());
          token.setLength(0);
        }
      } else {
        token.appendCodePoint(cp);
      }
    });
    if (token.length() > 0) {
      out.add(token.toString());
    }
    return out.toArray(new String[0]);
  }

  @Property(tries = 1000)
  void splitAgreesWithTheCodePointDefinition(@ForAll String s, @ForAll("spaces") String extra) {
    String mixed = s + extra + s.toUpperCase() + extra;
    assertArrayEquals(reference(mixed), PythonWhitespace.split(mixed));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> spaces() {
    return net.jqwik.api.Arbitraries.strings()
        .withChars(' ', '\t', '\u00a0', '\u2007', '\u202f', '\u3000', '\u200b', '\u0085', '\u001c', 'x', '\ud83d')
        .ofMaxLength(40);
  }
}
