package io.github.mgs4j.examples.translation;

import io.github.mgs4j.core.io.MalformedFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.tukaani.xz.XZInputStream;

/**
 * Sentence pairs: the bundled Spanish–English Bible splits (Reina-Valera 1909 → World English Bible, verses
 * aligned by reference, see {@code scripts/translation/build_corpus.py}) or two line-aligned text files of the
 * user's.
 */
public final class ParallelCorpus {
  /** A data split. */
  public enum Split {
    /** Training pairs. */
    TRAIN,
    /** Validation pairs (whole chapters not in train). */
    VALID,
    /** Test pairs (whole chapters not in train or valid). */
    TEST;

    String resource() {
      return "/io/github/mgs4j/examples/bible/" + name().toLowerCase(Locale.ROOT) + ".tsv.xz";
    }
  }

  /**
   * One aligned pair.
   *
   * @param reference where it comes from (a verse reference, or {@code file:line})
   * @param source the source sentence
   * @param target the reference translation
   */
  public record Pair(String reference, String source, String target) {}

  private final List<Pair> pairs;

  private ParallelCorpus(List<Pair> pairs) {
    this.pairs = Collections.unmodifiableList(pairs);
  }

  /** A bundled split. */
  public static ParallelCorpus bundled(Split split) throws IOException {
    try (InputStream in = ParallelCorpus.class.getResourceAsStream(split.resource())) {
      if (in == null) {
        throw new MalformedFileException("bundled data " + split.resource() + " is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(new XZInputStream(in), StandardCharsets.UTF_8));
      List<Pair> pairs = new ArrayList<>();
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String[] fields = line.split("\t", -1);
        if (fields.length != 3 || fields[1].isBlank() || fields[2].isBlank()) {
          throw new MalformedFileException(split.resource() + ": line " + number + " is not reference<TAB>source<TAB>target");
        }
        pairs.add(new Pair(fields[0], fields[1], fields[2]));
      }
      return new ParallelCorpus(pairs);
    }
  }

  /**
   * Two line-aligned files: line i of {@code sources} translates to line i of {@code targets}.
   *
   * @throws MalformedFileException when a file is missing, the line counts differ, or a line is empty
   */
  public static ParallelCorpus fromFiles(Path sources, Path targets) throws IOException {
    List<String> s = readLines(sources);
    List<String> t = readLines(targets);
    if (s.size() != t.size()) {
      throw new MalformedFileException(
          "unaligned files: " + sources + " has " + s.size() + " lines but " + targets + " has " + t.size());
    }
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      for (Path file : new Path[] {sources, targets}) {
        if ((file == sources ? s : t).get(i).isBlank()) {
          throw new MalformedFileException(file + ": line " + (i + 1) + " is empty");
        }
      }
      pairs.add(new Pair(sources.getFileName() + ":" + (i + 1), s.get(i).strip(), t.get(i).strip()));
    }
    if (pairs.isEmpty()) {
      throw new MalformedFileException(sources + ": no sentence pairs");
    }
    return new ParallelCorpus(pairs);
  }

  private static List<String> readLines(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new MalformedFileException(file + ": file not found");
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  /** The pairs, in file order. */
  public List<Pair> pairs() {
    return pairs;
  }

  /** The number of pairs. */
  public int size() {
    return pairs.size();
  }

  /** The first {@code n} pairs (all when {@code n} is at least the size). */
  public ParallelCorpus first(int n) {
    return new ParallelCorpus(new ArrayList<>(pairs.subList(0, Math.min(n, pairs.size()))));
  }

  /** The source sentences. */
  public List<String> sources() {
    return pairs.stream().map(Pair::source).toList();
  }

  /** The reference translations. */
  public List<String> targets() {
    return pairs.stream().map(Pair::target).toList();
  }
}
