package io.github.mgs4j.losses.bleu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The four hand-written passes against the mteval regular expressions themselves, on code points. */
class Tokenizer13aTest {
  private static final Pattern ISOLATE = Pattern.compile("([\\x20-\\x26\\x28-\\x2B\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\x7E])");
  private static final Pattern AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
  private static final Pattern BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
  private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

  /** sacrebleu's Tokenizer13a with Python's re.sub semantics (java.util.regex matches code points the same way). */
  private static String[] oracle(String line) {
    String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
    if (s.contains("&")) {
      s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    }
    s = " " + s + " ";
    s = ISOLATE.matcher(s).replaceAll(" $1 ");
    s = AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
    s = BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
    s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
    return PythonWhitespace.split(s);
  }

  @Property(tries = 3000)
  void equalsTheRegularExpressions(@ForAll("lines") String line) {
    assertArrayEquals(oracle(line), Tokenizer13a.tokenize(line), line);
  }

  @Provide
  Arbitrary<String> lines() {
    Arbitrary<String> pieces = Arbitraries.of("1", "9", "0", "-", ".", ",", "a", "Z", " ", "\t", "\n", "-\n",
        "&amp;", "&lt;", "&quot;", "&gt;", "&amp;lt;", "<skipped>", "'", "\"", "(", "$", "\u00a0", "\u2007",
        "\ud83d\ude00", "\ud83d", "\ude00", "é", "日本", "\u200b", "…", "—");
    return pieces.list().ofMaxSize(30).map(l -> String.join("", l));
  }
}
