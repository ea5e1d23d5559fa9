package io.github.mgs4j.losses.bleu;

import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.Objects;

/**
 * sacrebleu's default {@code 13a} tokenizer (mteval-v13a.pl): removes {@code <skipped>}, joins
 * {@code -\n} hyphenations, turns newlines into spaces, unescapes {@code &quot; &amp; &lt; &gt;} in that
 * order, then applies the four mteval substitutions and splits on Python whitespace.
 *
 * <p>The substitutions are done as four hand-written left-to-right passes, each reproducing the leftmost,
 * non-overlapping matching of Python's {@code re.sub} for its pattern over code points:
 *
 * <ol>
 *   <li>{@code ([\x20-\x26\x28-\x2B\x2F\x3A-\x40\x5B-\x60\x7B-\x7E])} → {@code " $1 "};
 *   <li>{@code ([^0-9])([.,])} → {@code "$1 $2 "};
 *   <li>{@code ([.,])([^0-9])} → {@code " $1 $2"};
 *   <li>{@code ([0-9])(-)} → {@code "$1 $2 "}.
 * </ol>
 *
 * Stateless and thread-safe.
 */
public final class Tokenizer13a {
  private Tokenizer13a() {}

  /** Tokenizes one line the way {@code sacrebleu.tokenizers.tokenizer_13a.Tokenizer13a} does. */
  public static String[] tokenize(String line) {
    Objects.requireNonNull(line, "line");
    String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
    if (s.indexOf('&') >= 0) {
      s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    }
    s = " " + s + " ";
    s = isolatePunctuation(s);
    s = splitPeriodCommaAfterNonDigit(s);
    s = splitPeriodCommaBeforeNonDigit(s);
    s = splitDashAfterDigit(s);
    return PythonWhitespace.split(s);
  }

  /** Tokenizes and joins with single spaces (sacrebleu's tokenizer output). */
  public static String tokenizeToString(String line) {
    return String.join(" ", tokenize(line));
  }

  /** Whether {@code c} is one of the 29 characters of the first mteval pattern. */
  static boolean isIsolated(char c) {
    return (c >= 0x20 && c <= 0x26)
        || (c >= 0x28 && c <= 0x2B)
        || c == 0x2F
        || (c >= 0x3A && c <= 0x40)
        || (c >= 0x5B && c <= 0x60)
        || (c >= 0x7B && c <= 0x7E);
  }

  private static boolean isDigit(int cp) {
    return cp >= '0' && cp <= '9';
  }

  private static boolean isPeriodOrComma(int cp) {
    return cp == '.' || cp == ',';
  }

  private static String isolatePunctuation(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isIsolated(c)) {
        out.append(' ').append(c).append(' ');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code ([^0-9])([.,])} → {@code "$1 $2 "}. */
  private static String splitPeriodCommaAfterNonDigit(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int w = Character.charCount(cp);
      if (!isDigit(cp) && i + w < s.length() && isPeriodOrComma(s.charAt(i + w))) {
        out.appendCodePoint(cp).append(' ').append(s.charAt(i + w)).append(' ');
        i += w + 1;
      } else {
        out.appendCodePoint(cp);
        i += w;
      }
    }
    return out.toString();
  }

  /** {@code ([.,])([^0-9])} → {@code " $1 $2"}. */
  private static String splitPeriodCommaBeforeNonDigit(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (isPeriodOrComma(c) && i + 1 < s.length()) {
        int next = s.codePointAt(i + 1);
        if (!isDigit(next)) {
          out.append(' ').append(c).append(' ').appendCodePoint(next);
          i += 1 + Character.charCount(next);
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** {@code ([0-9])(-)} → {@code "$1 $2 "}. */
  private static String splitDashAfterDigit(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (isDigit(c) && i + 1 < s.length() && s.charAt(i + 1) == '-') {
        out.append(c).append(" - ");
        i += 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
