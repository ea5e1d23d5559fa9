package io.github.mgs4j.losses.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.losses.corpus.CorpusMetric;
import io.github.mgs4j.losses.corpus.CorpusScore;
import io.github.mgs4j.losses.corpus.PairedBootstrap;
import io.github.mgs4j.losses.text.PythonWhitespace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code score --corpus}: corpus-level scores of one system, or a paired bootstrap test of two, read from
 * plain-text files (one segment per line, split at {@code '\n'} and {@code rstrip()}-ed, as sacrebleu's
 * command line reads them) or from JSON Lines on standard input ({@code hyp}, {@code ref} as a string or an
 * array, {@code baseline} for the paired test; taken as they are). Prints a JSON array with one object per
 * metric.
 */
final class CorpusRun {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The segments of the run: the systems' hypotheses (baseline first when paired) and reference streams. */
  record Corpus(List<List<String>> systems, List<List<String>> referenceStreams) {}

  private CorpusRun() {}

  /** Reads the systems and the references from files. */
  static Corpus fromFiles(List<Path> hyps, List<Path> refs) throws IOException {
    List<List<String>> systems = new ArrayList<>();
    for (Path p : hyps) {
      systems.add(readSegments(p));
    }
    List<List<String>> streams = new ArrayList<>();
    for (Path p : refs) {
      streams.add(readSegments(p));
    }
    int n = systems.get(0).size();
    List<Path> all = new ArrayList<>(hyps);
    all.addAll(refs);
    List<List<String>> lists = new ArrayList<>(systems);
    lists.addAll(streams);
    for (int i = 0; i < lists.size(); i++) {
      if (lists.get(i).size() != n) {
        throw new IllegalArgumentException(all.get(i) + " has " + lists.get(i).size() + " lines but "
            + all.get(0) + " has " + n);
      }
    }
    return new Corpus(systems, streams);
  }

  /** One segment per line, as sacrebleu's command line reads a file. */
  static List<String> readSegments(Path path) throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(path)) {
      ByteLines lines = new ByteLines(in, Integer.MAX_VALUE - 8);
      while (lines.next()) {
        byte[] b = lines.bytes();
        int bad = Utf8.firstInvalid(b);
        if (bad >= 0) {
          throw new IllegalArgumentException(path + " line " + lines.number() + ": invalid UTF-8 at byte " + (bad + 1));
        }
        out.add(PythonWhitespace.rstrip(new String(b, StandardCharsets.UTF_8)));
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + path);
    }
    return out;
  }

  /** Reads JSON Lines records; every line must be valid (a corpus cannot drop segments). */
  static Corpus fromJsonLines(InputStream in, boolean paired, int maxChars) throws IOException {
    List<String> baseline = new ArrayList<>();
    List<String> hyps = new ArrayList<>();
    List<List<String>> refs = new ArrayList<>();
    ByteLines lines = new ByteLines(in, ScoringPipeline.maxLineBytes(maxChars));
    int width = 0;
    while (lines.next()) {
      if (lines.tooLong()) {
        throw new IllegalArgumentException("line " + lines.number() + ": the line has " + lines.droppedBytes()
            + " bytes, more than --max-chars allows (0 means no limit)");
      }
      PairLine p;
      try {
        p = PairLine.parse(lines.bytes(), maxChars);
      } catch (PairLine.BadLine e) {
        throw new IllegalArgumentException("line " + lines.number() + ": " + e.getMessage());
      }
      if (paired && p.baseline() == null) {
        throw new IllegalArgumentException("line " + lines.number() + ": --paired-bs needs a string field \"baseline\"");
      }
      baseline.add(p.baseline());
      hyps.add(p.hyp());
      refs.add(p.refs());
      width = Math.max(width, p.refs().size());
    }
    if (hyps.isEmpty()) {
      throw new IllegalArgumentException("no input: expected JSON Lines {\"hyp\": ..., \"ref\": ...} on standard input");
    }
    List<List<String>> streams = new ArrayList<>();
    for (int s = 0; s < width; s++) {
      String[] stream = new String[hyps.size()];
      for (int i = 0; i < stream.length; i++) {
        stream[i] = s < refs.get(i).size() ? refs.get(i).get(s) : null;
      }
      streams.add(Arrays.asList(stream));
    }
    return new Corpus(paired ? List.of(baseline, hyps) : List.of(hyps), streams);
  }

  /** Corpus scores of the (single) system. */
  static String scores(Corpus corpus, List<CorpusMetric> metrics) throws IOException {
    ArrayNode out = JSON.createArrayNode();
    for (CorpusMetric m : metrics) {
      CorpusScore s = m.scoreStreams(corpus.systems().get(0), corpus.referenceStreams());
      out.addObject().put("name", s.name()).put("score", s.score()).put("signature", s.signature());
    }
    return JSON.writeValueAsString(out);
  }

  /** The paired bootstrap test of the second system against the first (the baseline). */
  static String pairedBootstrap(Corpus corpus, List<CorpusMetric> metrics, PairedBootstrap test)
      throws IOException {
    ArrayNode out = JSON.createArrayNode();
    for (CorpusMetric m : metrics) {
      PairedBootstrap.Comparison c = test.compareStreams(m, corpus.systems().get(0), corpus.systems().get(1),
          corpus.referenceStreams());
      ObjectNode o = out.addObject().put("name", c.name()).put("signature", c.signature());
      estimate(o.putObject("baseline"), c.baseline());
      estimate(o.putObject("system"), c.system());
      o.put("p_value", c.pValue());
      o.put("delta", c.delta());
      o.putArray("delta_interval").add(c.deltaLower()).add(c.deltaUpper());
    }
    return JSON.writeValueAsString(out);
  }

  private static void estimate(ObjectNode o, PairedBootstrap.Estimate e) {
    o.put("score", e.score()).put("mean", e.mean()).put("ci", e.ci());
    o.putArray("interval").add(e.lower()).add(e.upper());
  }
}
