package io.github.mgs4j.losses.meteor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WordNet 3.0, read from the dictionary files that {@code net.sf.extjwnl:extjwnl-data-wn30} ships on the
 * classpath, with exactly the lookups NLTK's METEOR makes: {@code wordnet.synsets(q)} through NLTK's
 * {@code morphy} (exception lists first, otherwise the detachment rules applied once, forms kept when they
 * are lemmas of that part of speech), over nouns, verbs, adjectives (satellites included) and adverbs in
 * that order, and the lemma names of those synsets with syntactic markers ({@code (a)}, {@code (p)},
 * {@code (ip)}) stripped.
 *
 * <p>The files are loaded once, on first use, by a thread-safe holder ({@link #get()}); synonym sets are
 * memoised. Immutable and thread-safe.
 */
public final class WordNet {
  private static final String ROOT = "/net/sf/extjwnl/data/wordnet/wn30/";
  private static final int CACHE_LIMIT = 1 << 18;

  /** NLTK's parts of speech in {@code POS_LIST} order, with their file names and detachment rules. */
  private enum Pos {
    NOUN("noun", new String[][] {
      {"s", ""}, {"ses", "s"}, {"ves", "f"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"},
      {"men", "man"}, {"ies", "y"}}),
    VERB("verb", new String[][] {
      {"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}}),
    ADJ("adj", new String[][] {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}}),
    ADV("adv", new String[][] {});

    final String file;
    final String[][] rules;

    Pos(String file, String[][] rules) {
      this.file = file;
      this.rules = rules;
    }
  }

  private final List<Map<String, int[]>> index = new ArrayList<>();
  private final List<Map<String, String[]>> exceptions = new ArrayList<>();
  private final List<byte[]> data = new ArrayList<>();
  private final ConcurrentHashMap<String, Set<String>> cache = new ConcurrentHashMap<>();

  private WordNet() {
    for (Pos pos : Pos.values()) {
      index.add(loadIndex(read("index." + pos.file)));
      exceptions.add(loadExceptions(read(pos.file + ".exc")));
      data.add(read("data." + pos.file));
    }
  }

  private static final class Holder {
    static final WordNet INSTANCE = new WordNet();
  }

  /** The shared instance, loaded on first call (about a second). */
  public static WordNet get() {
    return Holder.INSTANCE;
  }

  /**
   * The names, without {@code _}, of the lemmas of every synset of {@code wordnet.synsets(query)}, in
   * lexicographic order; the set NLTK's METEOR compares against (it adds the query itself).
   */
  public Set<String> synonyms(String query) {
    Objects.requireNonNull(query, "query");
    Set<String> cached = cache.get(query);
    if (cached != null) {
      return cached;
    }
    Set<String> computed = Collections.unmodifiableSet(lookup(query));
    if (cache.size() < CACHE_LIMIT) {
      cache.putIfAbsent(query, computed);
    }
    return computed;
  }

  private Set<String> lookup(String query) {
    String q = query.toLowerCase(Locale.ROOT);
    Set<String> names = new TreeSet<>();
    for (Pos pos : Pos.values()) {
      Map<String, int[]> lemmas = index.get(pos.ordinal());
      for (String form : morphy(q, pos)) {
        for (int offset : lemmas.get(form)) {
          addLemmaNames(data.get(pos.ordinal()), offset, names);
        }
      }
    }
    return names;
  }

  /** NLTK's {@code _morphy(form, pos)}: the base forms of {@code q} that are lemmas of {@code pos}. */
  private Set<String> morphy(String q, Pos pos) {
    List<String> forms = new ArrayList<>();
    forms.add(q);
    String[] bases = exceptions.get(pos.ordinal()).get(q);
    if (bases != null) {
      Collections.addAll(forms, bases);
    } else {
      for (String[] rule : pos.rules) {
        if (q.endsWith(rule[0])) {
          forms.add(q.substring(0, q.length() - rule[0].length()) + rule[1]);
        }
      }
    }
    Set<String> kept = new LinkedHashSet<>();
    for (String f : forms) {
      if (index.get(pos.ordinal()).containsKey(f)) {
        kept.add(f);
      }
    }
    return kept;
  }

  /** Adds the lemma names (no {@code _}, markers stripped) of the synset at {@code offset}. */
  private static void addLemmaNames(byte[] file, int offset, Set<String> names) {
    int[] pos = {offset};
    nextToken(file, pos); // synset offset
    nextToken(file, pos); // lexicographer file
    nextToken(file, pos); // synset type
    int count = Integer.parseInt(nextToken(file, pos), 16);
    for (int i = 0; i < count; i++) {
      String name = stripMarker(nextToken(file, pos));
      nextToken(file, pos); // lex_id
      if (name.indexOf('_') < 0) {
        names.add(name);
      }
    }
  }

  /** NLTK's {@code re.match(r"(.*?)(\(.*\))?$", name)} group 1. */
  static String stripMarker(String name) {
    if (name.length() >= 2 && name.endsWith(")")) {
      int open = name.indexOf('(');
      if (open >= 0 && open <= name.length() - 2) {
        return name.substring(0, open);
      }
    }
    return name;
  }

  private static String nextToken(byte[] file, int[] pos) {
    int i = pos[0];
    while (file[i] == ' ') {
      i++;
    }
    int start = i;
    while (file[i] != ' ' && file[i] != '\n') {
      i++;
    }
    pos[0] = i;
    return new String(file, start, i - start, StandardCharsets.ISO_8859_1);
  }

  /**
   * Parses an index file in place (no per-line strings or regular expressions): for each lemma line
   * {@code lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…}, the lemma and its
   * synset offsets; licence lines (starting with a space) are skipped.
   */
  private static Map<String, int[]> loadIndex(byte[] file) {
    Map<String, int[]> map = new HashMap<>(1 << 18);
    int[] pos = {0};
    while (pos[0] < file.length) {
      if (file[pos[0]] != ' ' && file[pos[0]] != '\n') {
        String lemma = nextToken(file, pos);
        skipToken(file, pos); // pos
        int synsets = nextInt(file, pos);
        int pointers = nextInt(file, pos);
        for (int k = 0; k < pointers + 2; k++) {
          skipToken(file, pos); // pointer symbols, sense_cnt, tagsense_cnt
        }
        int[] offsets = new int[synsets];
        for (int k = 0; k < synsets; k++) {
          offsets[k] = nextInt(file, pos);
        }
        map.put(lemma, offsets);
      }
      while (pos[0] < file.length && file[pos[0]] != '\n') {
        pos[0]++;
      }
      pos[0]++;
    }
    return map;
  }

  private static void skipToken(byte[] file, int[] pos) {
    int i = pos[0];
    while (file[i] == ' ') {
      i++;
    }
    while (file[i] != ' ' && file[i] != '\n') {
      i++;
    }
    pos[0] = i;
  }

  private static int nextInt(byte[] file, int[] pos) {
    int i = pos[0];
    while (file[i] == ' ') {
      i++;
    }
    int value = 0;
    while (file[i] >= '0' && file[i] <= '9') {
      value = value * 10 + (file[i] - '0');
      i++;
    }
    if (file[i] != ' ' && file[i] != '\n') {
      throw new IllegalStateException("WordNet index: expected a number at byte " + pos[0]);
    }
    pos[0] = i;
    return value;
  }

  private static Map<String, String[]> loadExceptions(byte[] file) {
    Map<String, String[]> map = new HashMap<>();
    for (String line : lines(file)) {
      String[] t = line.trim().split(" +");
      if (t.length > 0 && !t[0].isEmpty()) {
        String[] bases = new String[t.length - 1];
        System.arraycopy(t, 1, bases, 0, bases.length);
        map.put(t[0], bases);
      }
    }
    return map;
  }

  private static List<String> lines(byte[] file) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < file.length; i++) {
      if (file[i] == '\n') {
        out.add(new String(file, start, i - start, StandardCharsets.ISO_8859_1));
        start = i + 1;
      }
    }
    if (start < file.length) {
      out.add(new String(file, start, file.length - start, StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  private static byte[] read(String name) {
    try (InputStream in = WordNet.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("WordNet file " + ROOT + name
            + " is not on the classpath: add net.sf.extjwnl:extjwnl-data-wn30");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
