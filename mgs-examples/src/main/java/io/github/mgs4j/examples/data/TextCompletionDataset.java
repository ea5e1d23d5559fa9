package io.github.mgs4j.examples.data;

import io.github.mgs4j.core.io.MalformedFileException;
import io.github.mgs4j.core.model.Batch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The paper's text-completion set: each passage is tokenised; the first 10 tokens are the context and the
 * rest plus EOS the target; passages of at most 10 tokens are dropped. Passages come one per line from a
 * text file (optionally gzipped) or from the bundled State of the Union splits.
 */
public final class TextCompletionDataset {
  /** The context length of the paper. */
  public static final int CONTEXT_TOKENS = 10;

  /** A data split. */
  public enum Split {
    /** Training passages. */
    TRAIN,
    /** Validation passages. */
    VALID,
    /** Test passages. */
    TEST;

    String fileName() {
      return name().toLowerCase(java.util.Locale.ROOT) + ".txt.gz";
    }
  }

  private final List<TextCompletionExample> examples;

  private TextCompletionDataset(List<TextCompletionExample> examples) {
    this.examples = Collections.unmodifiableList(examples);
  }

  /** The bundled State of the Union split, tokenised. */
  public static TextCompletionDataset bundled(Split split, TextTokenizer tokenizer) throws IOException {
    String resource = "/io/github/mgs4j/examples/sotu/" + split.fileName();
    try (InputStream in = TextCompletionDataset.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new MalformedFileException("bundled data " + resource + " is missing from the classpath");
      }
      return fromLines(readLines(new GZIPInputStream(in)), tokenizer, resource);
    }
  }

  /**
   * Reads passages, one per line, from a text file ({@code .gz} is decompressed).
   *
   * @throws MalformedFileException if the file is missing or has no passage longer than the context
   */
  public static TextCompletionDataset fromFile(Path file, TextTokenizer tokenizer) throws IOException {
    try (InputStream raw = Files.newInputStream(file)) {
      InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      return fromLines(readLines(in), tokenizer, file.toString());
    } catch (NoSuchFileException e) {
      throw new MalformedFileException(file + ": data file not found", e);
    }
  }

  /** Builds examples from passages. */
  static TextCompletionDataset fromLines(List<String> lines, TextTokenizer tokenizer, String source)
      throws MalformedFileException {
    List<TextCompletionExample> out = new ArrayList<>();
    for (String line : lines) {
      String text = line.strip();
      if (text.isEmpty()) {
        continue;
      }
      int[] ids = tokenizer.encode(text);
      if (ids.length <= CONTEXT_TOKENS) {
        continue;
      }
      int[] context = Arrays.copyOf(ids, CONTEXT_TOKENS);
      int[] target = Arrays.copyOfRange(ids, CONTEXT_TOKENS, ids.length + 1);
      target[target.length - 1] = tokenizer.eosId();
      out.add(new TextCompletionExample(context, target));
    }
    if (out.isEmpty()) {
      throw new MalformedFileException(
          source + ": data file has no usable passages (need lines of more than " + CONTEXT_TOKENS + " tokens)");
    }
    return new TextCompletionDataset(out);
  }

  private static List<String> readLines(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The examples, in file order. */
  public List<TextCompletionExample> examples() {
    return examples;
  }

  /** The number of examples. */
  public int size() {
    return examples.size();
  }

  /** The first {@code n} examples as a new data set. */
  public TextCompletionDataset first(int n) {
    return new TextCompletionDataset(new ArrayList<>(examples.subList(0, Math.min(n, examples.size()))));
  }

  /**
   * Cuts the examples into batches.
   *
   * @param batchSize examples per batch (the last batch may be smaller)
   * @param shuffleSeed a seed to shuffle with, or {@code null} to keep file order
   */
  public List<Batch> batches(int batchSize, Long shuffleSeed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    List<TextCompletionExample> order = new ArrayList<>(examples);
    if (shuffleSeed != null) {
      Collections.shuffle(order, new Random(shuffleSeed));
    }
    return cut(order, batchSize);
  }

  /**
   * Cuts the examples into batches of similar lengths, so that little of a batch is padding: shuffled, then
   * sorted by length within pools of {@code poolBatches} batches, cut, and the batches shuffled. Every
   * example is in exactly one batch; the order depends only on the seed.
   *
   * @param batchSize examples per batch (the last batch of a pool may be smaller)
   * @param poolBatches batches per sorted pool (1 = no sorting)
   * @param shuffleSeed the seed
   */
  public List<Batch> lengthBucketedBatches(int batchSize, int poolBatches, long shuffleSeed) {
    if (batchSize < 1 || poolBatches < 1) {
      throw new IllegalArgumentException(
          "batch size and pool size must be >= 1, got " + batchSize + " and " + poolBatches);
    }
    Random random = new Random(shuffleSeed);
    List<TextCompletionExample> order = new ArrayList<>(examples);
    Collections.shuffle(order, random);
    List<Batch> out = new ArrayList<>();
    int pool = batchSize * poolBatches;
    for (int from = 0; from < order.size(); from += pool) {
      List<TextCompletionExample> part = new ArrayList<>(order.subList(from, Math.min(order.size(), from + pool)));
      part.sort(java.util.Comparator.comparingInt(e -> e.context().length + e.target().length));
      out.addAll(cut(part, batchSize));
    }
    Collections.shuffle(out, random);
    return out;
  }

  private static List<Batch> cut(List<TextCompletionExample> order, int batchSize) {
    List<Batch> out = new ArrayList<>();
    for (int from = 0; from < order.size(); from += batchSize) {
      List<TextCompletionExample> part = order.subList(from, Math.min(order.size(), from + batchSize));
      int[][] contexts = new int[part.size()][];
      int[][] targets = new int[part.size()][];
      for (int i = 0; i < part.size(); i++) {
        contexts[i] = part.get(i).context();
        targets[i] = part.get(i).target();
      }
      out.add(new Batch(contexts, targets));
    }
    return out;
  }
}
