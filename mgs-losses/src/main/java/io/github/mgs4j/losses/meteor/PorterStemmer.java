package io.github.mgs4j.losses.meteor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Porter stemmer exactly as NLTK's {@code PorterStemmer()} runs it in its default NLTK_EXTENSIONS mode
 * (our own Java port of {@code nltk/stem/porter.py}): the irregular-forms pool, words of at most two code
 * points returned lower-cased, 4-letter {@code -ies}/{@code -ied} rules, the consonant-only step-1c
 * {@code y → i}, recursive {@code alli → al}, {@code bli → ble}, {@code fulli → ful} and
 * {@code logi → log}, and the two-letter {@code *o} condition. Word positions are code points, as in
 * Python. Stateless and thread-safe.
 */
public final class PorterStemmer {
  private static final Map<String, String> POOL = Map.ofEntries(
      Map.entry("sky", "sky"), Map.entry("skies", "sky"),
      Map.entry("dying", "die"), Map.entry("lying", "lie"), Map.entry("tying", "tie"),
      Map.entry("news", "news"),
      Map.entry("innings", "inning"), Map.entry("inning", "inning"),
      Map.entry("outings", "outing"), Map.entry("outing", "outing"),
      Map.entry("cannings", "canning"), Map.entry("canning", "canning"),
      Map.entry("howe", "howe"), Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"),
      Map.entry("succeed", "succeed"));

  private PorterStemmer() {}

  /** {@code PorterStemmer().stem(word)}: the lower-cased stem. */
  public static String stem(String word) {
    Objects.requireNonNull(word, "word");
    String lower = word.toLowerCase(Locale.ROOT);
    String pooled = POOL.get(word);
    if (pooled != null) {
      return pooled;
    }
    if (word.codePointCount(0, word.length()) <= 2) {
      return lower;
    }
    Word w = new Word(lower);
    w.step1a();
    w.step1b();
    w.step1c();
    w.step2();
    w.step3();
    w.step4();
    w.step5a();
    w.step5b();
    return w.toString();
  }

  /** A condition on the stem that a suffix rule leaves (the first {@code stemLength} code points). */
  @FunctionalInterface
  private interface Condition {
    boolean test(Word word, int stemLength);
  }

  /** A suffix rule: suffix, replacement, condition ({@code null}: unconditional). */
  private record Rule(String suffix, String replacement, Condition condition) {}

  private static final Condition POSITIVE_MEASURE = (w, n) -> w.measure(n) > 0;
  private static final Condition MEASURE_ABOVE_ONE = (w, n) -> w.measure(n) > 1;

  private static final Rule[] STEP1A = {
    new Rule("sses", "ss", null), new Rule("ies", "i", null), new Rule("ss", "ss", null), new Rule("s", "", null)
  };
  private static final Rule[] STEP1C = {
    new Rule("y", "i", (w, n) -> n > 1 && w.isConsonant(n - 1))
  };
  private static final Rule[] STEP2 = {
    new Rule("ational", "ate", POSITIVE_MEASURE), new Rule("tional", "tion", POSITIVE_MEASURE),
    new Rule("enci", "ence", POSITIVE_MEASURE), new Rule("anci", "ance", POSITIVE_MEASURE),
    new Rule("izer", "ize", POSITIVE_MEASURE), new Rule("bli", "ble", POSITIVE_MEASURE),
    new Rule("alli", "al", POSITIVE_MEASURE), new Rule("entli", "ent", POSITIVE_MEASURE),
    new Rule("eli", "e", POSITIVE_MEASURE), new Rule("ousli", "ous", POSITIVE_MEASURE),
    new Rule("ization", "ize", POSITIVE_MEASURE), new Rule("ation", "ate", POSITIVE_MEASURE),
    new Rule("ator", "ate", POSITIVE_MEASURE), new Rule("alism", "al", POSITIVE_MEASURE),
    new Rule("iveness", "ive", POSITIVE_MEASURE), new Rule("fulness", "ful", POSITIVE_MEASURE),
    new Rule("ousness", "ous", POSITIVE_MEASURE), new Rule("aliti", "al", POSITIVE_MEASURE),
    new Rule("iviti", "ive", POSITIVE_MEASURE), new Rule("biliti", "ble", POSITIVE_MEASURE),
    new Rule("fulli", "ful", POSITIVE_MEASURE),
    // NLTK tests the measure of word[:-3], not of the stem word[:-4].
    new Rule("logi", "log", (w, n) -> w.measure(w.length - 3) > 0)
  };
  private static final Rule[] STEP3 = {
    new Rule("icate", "ic", POSITIVE_MEASURE), new Rule("ative", "", POSITIVE_MEASURE),
    new Rule("alize", "al", POSITIVE_MEASURE), new Rule("iciti", "ic", POSITIVE_MEASURE),
    new Rule("ical", "ic", POSITIVE_MEASURE), new Rule("ful", "", POSITIVE_MEASURE),
    new Rule("ness", "", POSITIVE_MEASURE)
  };
  private static final Rule[] STEP4 = {
    new Rule("al", "", MEASURE_ABOVE_ONE), new Rule("ance", "", MEASURE_ABOVE_ONE),
    new Rule("ence", "", MEASURE_ABOVE_ONE), new Rule("er", "", MEASURE_ABOVE_ONE),
    new Rule("ic", "", MEASURE_ABOVE_ONE), new Rule("able", "", MEASURE_ABOVE_ONE),
    new Rule("ible", "", MEASURE_ABOVE_ONE), new Rule("ant", "", MEASURE_ABOVE_ONE),
    new Rule("ement", "", MEASURE_ABOVE_ONE), new Rule("ment", "", MEASURE_ABOVE_ONE),
    new Rule("ent", "", MEASURE_ABOVE_ONE),
    new Rule("ion", "", (w, n) -> w.measure(n) > 1 && (w.at(n - 1) == 's' || w.at(n - 1) == 't')),
    new Rule("ou", "", MEASURE_ABOVE_ONE), new Rule("ism", "", MEASURE_ABOVE_ONE),
    new Rule("ate", "", MEASURE_ABOVE_ONE), new Rule("iti", "", MEASURE_ABOVE_ONE),
    new Rule("ous", "", MEASURE_ABOVE_ONE), new Rule("ive", "", MEASURE_ABOVE_ONE),
    new Rule("ize", "", MEASURE_ABOVE_ONE)
  };
  private static final Rule[] STEP5B = {
    new Rule("ll", "l", (w, n) -> w.measure(w.length - 1) > 1)
  };

  /** The word being stemmed, as code points {@code cp[0 .. length-1]}. */
  private static final class Word {
    private int[] cp;
    private int length;

    Word(String s) {
      cp = s.codePoints().toArray();
      length = cp.length;
    }

    int at(int i) {
      return cp[i];
    }

    private static boolean isVowel(int c) {
      return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }

    /** Porter's consonant test: not a vowel, and {@code y} only after a vowel (or at the start). */
    boolean isConsonant(int i) {
      boolean consonant = true;
      int j = i;
      while (j > 0 && cp[j] == 'y') {
        j--;
      }
      // cp[j] decides, then every 'y' between j and i flips the answer.
      if (cp[j] == 'y') {
        consonant = true;
      } else {
        consonant = !isVowel(cp[j]);
      }
      for (int k = j + 1; k <= i; k++) {
        consonant = !consonant;
      }
      return consonant;
    }

    /** The number of VC sequences in the first {@code n} code points. */
    int measure(int n) {
      int m = 0;
      boolean previousVowel = false;
      for (int i = 0; i < n; i++) {
        boolean consonant = isConsonant(i);
        if (consonant && previousVowel) {
          m++;
        }
        previousVowel = !consonant;
      }
      return m;
    }

    boolean containsVowel(int n) {
      for (int i = 0; i < n; i++) {
        if (!isConsonant(i)) {
          return true;
        }
      }
      return false;
    }

    boolean endsDoubleConsonant(int n) {
      return n >= 2 && cp[n - 1] == cp[n - 2] && isConsonant(n - 1);
    }

    boolean endsCvc(int n) {
      return (n >= 3 && isConsonant(n - 3) && !isConsonant(n - 2) && isConsonant(n - 1)
          && cp[n - 1] != 'w' && cp[n - 1] != 'x' && cp[n - 1] != 'y')
          || (n == 2 && !isConsonant(0) && isConsonant(1));
    }

    boolean endsWith(String suffix) {
      int k = suffix.length();
      if (k > length) {
        return false;
      }
      for (int i = 0; i < k; i++) {
        if (cp[length - k + i] != suffix.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    void replaceEnd(int stemLength, String replacement) {
      length = stemLength;
      if (length + replacement.length() > cp.length) {
        cp = Arrays.copyOf(cp, length + replacement.length() + 4);
      }
      for (int i = 0; i < replacement.length(); i++) {
        cp[length++] = replacement.charAt(i);
      }
    }

    /** NLTK's {@code _apply_rule_list}: the first rule whose suffix matches decides. */
    void apply(Rule[] rules) {
      for (Rule r : rules) {
        if (endsWith(r.suffix)) {
          int stem = length - r.suffix.length();
          if (r.condition == null || r.condition.test(this, stem)) {
            replaceEnd(stem, r.replacement);
          }
          return;
        }
      }
    }

    void step1a() {
      if (length == 4 && endsWith("ies")) {
        replaceEnd(1, "ie");
        return;
      }
      apply(STEP1A);
    }

    void step1b() {
      if (endsWith("ied")) {
        replaceEnd(length - 3, length == 4 ? "ie" : "i");
        return;
      }
      if (endsWith("eed")) {
        if (measure(length - 3) > 0) {
          replaceEnd(length - 3, "ee");
        }
        return;
      }
      int stem = -1;
      if (endsWith("ed") && containsVowel(length - 2)) {
        stem = length - 2;
      } else if (endsWith("ing") && containsVowel(length - 3)) {
        stem = length - 3;
      }
      if (stem < 0) {
        return;
      }
      length = stem;
      if (endsWith("at")) {
        replaceEnd(length - 2, "ate");
      } else if (endsWith("bl")) {
        replaceEnd(length - 2, "ble");
      } else if (endsWith("iz")) {
        replaceEnd(length - 2, "ize");
      } else if (endsDoubleConsonant(length) || endsWith("*d")) {
        // NLTK's "*d" rule; a literal "*d" ending also matches it, as in NLTK.
        int last = cp[length - 1];
        if (last != 'l' && last != 's' && last != 'z') {
          replaceEnd(length - 2, new String(Character.toChars(last)));
        }
      } else if (measure(length) == 1 && endsCvc(length)) {
        replaceEnd(length, "e");
      }
    }

    void step1c() {
      apply(STEP1C);
    }

    void step2() {
      while (endsWith("alli") && measure(length - 4) > 0) {
        replaceEnd(length - 4, "al");
      }
      apply(STEP2);
    }

    void step3() {
      apply(STEP3);
    }

    void step4() {
      apply(STEP4);
    }

    void step5a() {
      if (endsWith("e")) {
        int stem = length - 1;
        int m = measure(stem);
        if (m > 1 || (m == 1 && !endsCvc(stem))) {
          length = stem;
        }
      }
    }

    void step5b() {
      apply(STEP5B);
    }

    @Override
    public String toString() {
      return new String(cp, 0, length);
    }
  }
}
