package io.github.mgs4j.losses.text;

import java.util.Arrays;
import java.util.Objects;

/**
 * Python's {@code str.split()} with no argument: splits on runs of the 29 code points Python treats as
 * whitespace (U+0009–000D, U+001C–001F, U+0020, U+0085, U+00A0, U+1680, U+2000–200A, U+2028, U+2029, U+202F,
 * U+205F, U+3000) and drops empty pieces. This is neither Java's {@code \s} nor
 * {@link Character#isWhitespace}: NBSP, U+2007 and U+202F split here, ZWSP (U+200B) does not.
 */
public final class PythonWhitespace {
  private PythonWhitespace() {}

  /** Whether a code point is whitespace for Python's {@code str.split()}. */
  public static boolean isWhitespace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D)
        || (cp >= 0x1C && cp <= 0x20)
        || cp == 0x85
        || cp == 0xA0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  /** {@code s.split()}. */
  public static String[] split(String s) {
    Objects.requireNonNull(s, "s");
    return split(s.toCharArray(), s.length());
  }

  /**
   * {@code str.split()} of the text in {@code chars[0, length)}. Every Python whitespace code point is in the
   * Basic Multilingual Plane, so the scan works on UTF-16 units: a surrogate is never whitespace.
   */
  public static String[] split(char[] chars, int length) {
    String[] out = new String[16];
    int n = 0;
    int start = -1;
    for (int i = 0; i <= length; i++) {
      boolean space = i == length || isWhitespaceUnit(chars[i]);
      if (space) {
        if (start >= 0) {
          if (n == out.length) {
            out = Arrays.copyOf(out, 2 * n);
          }
          out[n++] = new String(chars, start, i - start);
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  private static boolean isWhitespaceUnit(char c) {
    return (c <= 0x20 || c >= 0x85) && isWhitespace(c);
  }

  /** {@code s.rstrip()}: drops trailing Python whitespace. */
  public static String rstrip(String s) {
    Objects.requireNonNull(s, "s");
    int end = s.length();
    while (end > 0) {
      int cp = s.codePointBefore(end);
      if (!isWhitespace(cp)) {
        break;
      }
      end -= Character.charCount(cp);
    }
    return s.substring(0, end);
  }
}
