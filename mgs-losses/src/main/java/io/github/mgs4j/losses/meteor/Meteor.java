package io.github.mgs4j.losses.meteor;

import io.github.mgs4j.losses.text.PythonFloats;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * METEOR with NLTK's {@code meteor_score(references, hypothesis)} semantics (NLTK ≥ 3.6.5) on pre-tokenized
 * input: tokens lower-cased; a greedy exact stage (hypothesis from the last token down, each matched to the
 * right-most equal unmatched reference token); a Porter-stem stage on what is left; a WordNet synonym stage
 * on the remaining <em>stems</em>; then {@code P = m/|h|}, {@code R = m/|r|},
 * {@code fmean = P·R / (α·P + (1−α)·R)}, {@code penalty = γ·(chunks/m)^β} and
 * {@code score = (1 − penalty)·fmean}, 0 when nothing matches; the maximum over references. Floating-point
 * operations follow NLTK's order (a whole-number β is a correctly rounded power, like C {@code pow}), so
 * scores are bit-identical to NLTK's.
 *
 * <p>Immutable and thread-safe; WordNet is loaded on first use.
 */
public final class Meteor {
  private static final int STEM_CACHE_LIMIT = 1 << 18;
  private static final ConcurrentHashMap<String, String> STEMS = new ConcurrentHashMap<>();

  private final double alpha;
  private final double beta;
  private final double gamma;
  private final boolean stems;
  private final boolean synonyms;
  private final boolean lowercase;

  /**
   * Creates a scorer.
   *
   * @param alpha the precision/recall weight (NLTK: 0.9)
   * @param beta the fragmentation exponent (NLTK: 3.0)
   * @param gamma the fragmentation weight (NLTK: 0.5)
   * @param stems whether the Porter-stem stage runs
   * @param synonyms whether the WordNet synonym stage runs (needs {@code stems})
   * @param lowercase whether tokens are lower-cased first (NLTK's {@code preprocess=str.lower})
   */
  public Meteor(double alpha, double beta, double gamma, boolean stems, boolean synonyms, boolean lowercase) {
    if (synonyms && !stems) {
      throw new IllegalArgumentException("the synonym stage works on stems: enable the stem stage too");
    }
    this.alpha = alpha;
    this.beta = beta;
    this.gamma = gamma;
    this.stems = stems;
    this.synonyms = synonyms;
    this.lowercase = lowercase;
  }

  /** NLTK's defaults: α = 0.9, β = 3, γ = 0.5, all three stages, lower-casing. */
  public static Meteor nltk() {
    return new Meteor(0.9, 3.0, 0.5, true, true, true);
  }

  /** The score of a hypothesis against one reference. */
  public double score(String[] hypothesis, String[] reference) {
    return score(align(hypothesis, reference));
  }

  /** The best score over several references. */
  public double score(String[] hypothesis, List<String[]> references) {
    Objects.requireNonNull(references, "references");
    if (references.isEmpty()) {
      throw new IllegalArgumentException("at least one reference is needed");
    }
    double best = Double.NEGATIVE_INFINITY;
    for (String[] r : references) {
      best = Math.max(best, score(hypothesis, r));
    }
    return best;
  }

  /** The score of an alignment. */
  public double score(MeteorAlignment a) {
    int m = a.matches();
    if (m == 0 || a.hypothesisLength() == 0 || a.referenceLength() == 0) {
      return 0.0;
    }
    double precision = (double) m / a.hypothesisLength();
    double recall = (double) m / a.referenceLength();
    double fmean = (precision * recall) / (alpha * precision + (1 - alpha) * recall);
    double frag = (double) a.chunks() / m;
    double penalty = gamma * pow(frag, beta);
    return (1 - penalty) * fmean;
  }

  /** C {@code pow}: correctly rounded for small whole exponents, {@link Math#pow} otherwise. */
  static double pow(double x, double y) {
    if (y == 3.0) {
      return PythonFloats.cube(x);
    }
    if (y == Math.rint(y) && y >= 1 && y <= 8) {
      BigDecimal b = new BigDecimal(x);
      return b.pow((int) y).doubleValue();
    }
    return Math.pow(x, y);
  }

  /** NLTK's {@code _enum_align_words}: exact, then stem, then synonym matches. */
  public MeteorAlignment align(String[] hypothesis, String[] reference) {
    Objects.requireNonNull(hypothesis, "hypothesis");
    Objects.requireNonNull(reference, "reference");
    String[] h = preprocess(hypothesis);
    String[] r = preprocess(reference);
    int[] referenceOf = new int[h.length];
    java.util.Arrays.fill(referenceOf, -1);
    boolean[] referenceUsed = new boolean[r.length];
    int exact = matchEqual(h, r, referenceOf, referenceUsed);
    int stem = 0;
    int synonym = 0;
    if (stems && exact < Math.min(h.length, r.length)) {
      stemUnmatched(h, referenceOf, null);
      stemUnmatched(r, null, referenceUsed);
      stem = matchEqual(h, r, referenceOf, referenceUsed);
      if (synonyms) {
        synonym = matchSynonyms(h, r, referenceOf, referenceUsed);
      }
    }
    return new MeteorAlignment(h.length, r.length, referenceOf, exact, stem, synonym);
  }

  private String[] preprocess(String[] tokens) {
    String[] out = new String[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      String t = Objects.requireNonNull(tokens[i], "token");
      out[i] = lowercase ? t.toLowerCase(Locale.ROOT) : t;
    }
    return out;
  }

  /** Replaces every still unmatched token by its stem. */
  private static void stemUnmatched(String[] tokens, int[] referenceOf, boolean[] used) {
    for (int i = 0; i < tokens.length; i++) {
      boolean matched = referenceOf != null ? referenceOf[i] >= 0 : used[i];
      if (!matched) {
        tokens[i] = stem(tokens[i]);
      }
    }
  }

  /** {@link PorterStemmer#stem}, memoised (the stem of a word never changes; the memo stops growing at a cap). */
  private static String stem(String token) {
    String cached = STEMS.get(token);
    if (cached != null) {
      return cached;
    }
    String stem = PorterStemmer.stem(token);
    if (STEMS.size() < STEM_CACHE_LIMIT) {
      STEMS.putIfAbsent(token, stem);
    }
    return stem;
  }

  /** NLTK's {@code _match_enums} over the unmatched tokens; returns the number of new matches. */
  private static int matchEqual(String[] h, String[] r, int[] referenceOf, boolean[] used) {
    int found = 0;
    for (int i = h.length - 1; i >= 0; i--) {
      if (referenceOf[i] >= 0) {
        continue;
      }
      for (int j = r.length - 1; j >= 0; j--) {
        if (!used[j] && h[i].equals(r[j])) {
          referenceOf[i] = j;
          used[j] = true;
          found++;
          break;
        }
      }
    }
    return found;
  }

  /** NLTK's {@code _enum_wordnetsyn_match} over the unmatched stems. */
  private static int matchSynonyms(String[] h, String[] r, int[] referenceOf, boolean[] used) {
    int found = 0;
    for (int i = h.length - 1; i >= 0; i--) {
      if (referenceOf[i] >= 0) {
        continue;
      }
      Set<String> syns = null;
      for (int j = r.length - 1; j >= 0; j--) {
        if (used[j]) {
          continue;
        }
        if (h[i].equals(r[j])) {
          referenceOf[i] = j;
        } else {
          if (syns == null) {
            syns = WordNet.get().synonyms(h[i]);
          }
          if (!syns.contains(r[j])) {
            continue;
          }
          referenceOf[i] = j;
        }
        used[j] = true;
        found++;
        break;
      }
    }
    return found;
  }
}
