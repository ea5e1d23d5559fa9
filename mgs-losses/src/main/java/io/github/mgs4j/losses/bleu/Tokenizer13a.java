package io.github.mgs4j.losses.bleu;

import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.Objects;

/**
 * sacrebleu's default {@code 13a} tokenizer (mteval-v13a.pl): removes {@code <skipped>}, joins
 * {@code -\n} hyphenations, turns newlines into spaces, unescapes {@code &quot; &amp; &lt; &gt;} in that
 * order, then applies the four mteval substitutions and splits on Python whitespace.
 *
 * <p>The substitutions are four left-to-right passes over UTF-16 units between two buffers, each
 * reproducing the leftmost, non-overlapping matching of Python's {@code re.sub} for its pattern:
 *
 * <ol>
 *   <li>{@code ([\x20-\x26\x28-\x2B\x2F\x3A-\x40\x5B-\x60\x7B-\x7E])} → {@code " $1 "};
 *   <li>{@code ([^0-9])([.,])} → {@code "$1 $2 "};
 *   <li>{@code ([.,])([^0-9])} → {@code " $1 $2"};
 *   <li>{@code ([0-9])(-)} → {@code "$1 $2 "};
 * </ol>
 *
 * then the result is split on Python whitespace. Working on UTF-16 units gives Python's code-point result:
 * a surrogate is never a digit, {@code .}, {@code ,} or whitespace, so where a pattern's {@code [^0-9]} would
 * take a whole surrogate pair, the unit version emits the same characters in the same order.
 *
 * Stateless and thread-safe.
 */
public final class Tokenizer13a {
  private Tokenizer13a() {}

  /** Tokenizes one line the way {@code sacrebleu.tokenizers.tokenizer_13a.Tokenizer13a} does. */
  public static String[] tokenize(String line) {
    Objects.requireNonNull(line, "line");
    String s = line;
    if (s.indexOf('<') >= 0) {
      s = s.replace("<skipped>", "");
    }
    if (s.indexOf('\n') >= 0) {
      s = s.replace("-\n", "").replace("\n", " ");
    }
    if (s.indexOf('&') >= 0) {
      s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    }
    int n = s.length();
    Buffers buffers = n <= Buffers.REUSED_CHARS ? SCRATCH.get() : new Buffers();
    char[] a = buffers.first(3 * n + 2);
    int la = 0;
    a[la++] = ' ';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isIsolated(c)) {
        a[la++] = ' ';
        a[la++] = c;
        a[la++] = ' ';
      } else {
        a[la++] = c;
      }
    }
    a[la++] = ' ';
    char[] b = buffers.second(2 * la);
    int lb = splitPeriodCommaAfterNonDigit(a, la, b);
    a = buffers.first(2 * lb);
    int lc = splitPeriodCommaBeforeNonDigit(b, lb, a);
    b = buffers.second(2 * lc);
    int ld = splitDashAfterDigit(a, lc, b);
    return PythonWhitespace.split(b, ld);
  }

  /**
   * The two buffers the passes alternate between; each thread keeps one pair for lines of up to
   * {@value #REUSED_CHARS} characters, so tokenizing allocates only the tokens.
   */
  private static final class Buffers {
    static final int REUSED_CHARS = 1 << 14;
    private char[] first = new char[256];
    private char[] second = new char[256];

    char[] first(int capacity) {
      if (first.length < capacity) {
        first = new char[Math.max(capacity, 2 * first.length)];
      }
      return first;
    }

    char[] second(int capacity) {
      if (second.length < capacity) {
        second = new char[Math.max(capacity, 2 * second.length)];
      }
      return second;
    }
  }

  private static final ThreadLocal<Buffers> SCRATCH = ThreadLocal.withInitial(Buffers::new);

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

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isPeriodOrComma(char c) {
    return c == '.' || c == ',';
  }

  /** {@code ([^0-9])([.,])} → {@code "$1 $2 "}; returns the output length. */
  private static int splitPeriodCommaAfterNonDigit(char[] in, int n, char[] out) {
    int o = 0;
    int i = 0;
    while (i < n) {
      char c = in[i];
      if (!isDigit(c) && i + 1 < n && isPeriodOrComma(in[i + 1])) {
        out[o++] = c;
        out[o++] = ' ';
        out[o++] = in[i + 1];
        out[o++] = ' ';
        i += 2;
      } else {
        out[o++] = c;
        i++;
      }
    }
    return o;
  }

  /** {@code ([.,])([^0-9])} → {@code " $1 $2"}; returns the output length. */
  private static int splitPeriodCommaBeforeNonDigit(char[] in, int n, char[] out) {
    int o = 0;
    int i = 0;
    while (i < n) {
      char c = in[i];
      if (isPeriodOrComma(c) && i + 1 < n && !isDigit(in[i + 1])) {
        out[o++] = ' ';
        out[o++] = c;
        out[o++] = ' ';
        out[o++] = in[i + 1];
        i += 2;
      } else {
        out[o++] = c;
        i++;
      }
    }
    return o;
  }

  /** {@code ([0-9])(-)} → {@code "$1 $2 "}; returns the output length. */
  private static int splitDashAfterDigit(char[] in, int n, char[] out) {
    int o = 0;
    int i = 0;
    while (i < n) {
      char c = in[i];
      if (isDigit(c) && i + 1 < n && in[i + 1] == '-') {
        out[o++] = c;
        out[o++] = ' ';
        out[o++] = '-';
        out[o++] = ' ';
        i += 2;
      } else {
        out[o++] = c;
        i++;
      }
    }
    return o;
  }
}
