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

  private final List<IndexFile> index = new ArrayList<>();
  private final List<Map<String, String[]>> exceptions = new ArrayList<>();
  private final List<byte[]> data = new ArrayList<>();
  private final ConcurrentHashMap<String, Set<String>> cache = new ConcurrentHashMap<>();

  private WordNet() {
    for (Pos pos : Pos.values()) {
      index.add(new IndexFile(read("index." + pos.file)));
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
      IndexFile lemmas = index.get(pos.ordinal());
      for (String form : morphy(q, pos)) {
        for (int offset : lemmas.offsets(form)) {
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
      if (index.get(pos.ordinal()).offsets(f) != null) {
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
   * One index file, searched where it lies: its lemma lines are sorted by byte value (WordNet's own binary
   * search relies on it; {@code WordNetTest} checks it), so a lookup is a binary search over the line starts
   * and loading is one scan for line breaks. A lemma line reads
   * {@code lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…}; licence lines
   * start with a space.
   */
  static final class IndexFile {
    private final byte[] file;
    private final int[] lines;

    IndexFile(byte[] file) {
      this.file = file;
      int[] starts = new int[1 << 12];
      int n = 0;
      int start = 0;
      while (start < file.length) {
        if (file[start] != ' ' && file[start] != '\n') {
          if (n == starts.length) {
            starts = java.util.Arrays.copyOf(starts, 2 * n);
          }
          starts[n++] = start;
        }
        while (start < file.length && file[start] != '\n') {
          start++;
        }
        start++;
      }
      this.lines = java.util.Arrays.copyOf(starts, n);
    }

    /** The number of lemmas. */
    int size() {
      return lines.length;
    }

    /** The lemma of line {@code i}. */
    String lemma(int i) {
      int end = lines[i];
      while (file[end] != ' ') {
        end++;
      }
      return new String(file, lines[i], end - lines[i], StandardCharsets.ISO_8859_1);
    }

    /** The synset offsets of {@code lemma}, or {@code null} when it is not in the file. */
    int[] offsets(String lemma) {
      int lo = 0;
      int hi = lines.length - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = compare(lines[mid], lemma);
        if (c < 0) {
          lo = mid + 1;
        } else if (c > 0) {
          hi = mid - 1;
        } else {
          return parseOffsets(lines[mid]);
        }
      }
      return null;
    }

    /** Compares the lemma at {@code start} (up to its space) with {@code key}, as unsigned ISO-8859-1 bytes. */
    private int compare(int start, String key) {
      int i = 0;
      while (true) {
        int b = file[start + i] & 0xFF;
        boolean lemmaEnds = b == ' ';
        boolean keyEnds = i == key.length();
        if (lemmaEnds || keyEnds) {
          return lemmaEnds && keyEnds ? 0 : lemmaEnds ? -1 : 1;
        }
        int k = key.charAt(i);
        if (b != k) {
          return b < k ? -1 : 1;
        }
        i++;
      }
    }

    private int[] parseOffsets(int start) {
      int[] pos = {start};
      skipToken(file, pos); // lemma
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
      return offsets;
    }
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

  static byte[] read(String name) {
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
