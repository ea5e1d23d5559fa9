package io.github.mgs4j.losses.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.losses.bleu.SacreBleu;
import io.github.mgs4j.losses.edit.Levenshtein;
import io.github.mgs4j.losses.meteor.Meteor;
import io.github.mgs4j.losses.meteor.WordNet;
import io.github.mgs4j.losses.text.PythonWhitespace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-threaded throughput (pairs/s) of the scorers on the 1000 deterministic 25-token pairs of
 * {@code bench/pairs25.jsonl}, the same pairs {@code src/test/python/bench_peers.py} times in Python. Run
 * with the command in {@code docs/performance.md}; not part of the unit tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScorerBenchmark {
  static final int PAIRS = 1000;

  private String[] hyps;
  private String[] refs;
  private String[][] hypTokens;
  private String[][] refTokens;
  private final SacreBleu sacreBleu = SacreBleu.sentence();
  private final Meteor meteor = Meteor.nltk();

  /** Loads the pairs and warms WordNet. */
  @Setup
  public void load() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> rows = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        ScorerBenchmark.class.getResourceAsStream("/bench/pairs25.jsonl"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        rows.add(json.readTree(line));
      }
    }
    hyps = new String[PAIRS];
    refs = new String[PAIRS];
    hypTokens = new String[PAIRS][];
    refTokens = new String[PAIRS][];
    for (int i = 0; i < PAIRS; i++) {
      hyps[i] = rows.get(i).get("hyp").asText();
      refs[i] = rows.get(i).get("ref").asText();
      hypTokens[i] = PythonWhitespace.split(hyps[i]);
      refTokens[i] = PythonWhitespace.split(refs[i]);
    }
    WordNet.get();
  }

  /** {@code sacrebleu.sentence_bleu(hyp, [ref])} from raw strings (13a tokenization included). */
  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public void sacreBleu(Blackhole bh) {
    for (int i = 0; i < PAIRS; i++) {
      bh.consume(sacreBleu.score(hyps[i], refs[i]));
    }
  }

  /** NLTK {@code meteor_score([ref], hyp)} on pre-split tokens, as NLTK takes them. */
  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public void meteor(Blackhole bh) {
    for (int i = 0; i < PAIRS; i++) {
      bh.consume(meteor.score(hypTokens[i], refTokens[i]));
    }
  }

  /** {@code Levenshtein.distance(hyp_tokens, ref_tokens)} on pre-split tokens. */
  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public void levenshteinTokens(Blackhole bh) {
    for (int i = 0; i < PAIRS; i++) {
      bh.consume(Levenshtein.distance(hypTokens[i], refTokens[i]));
    }
  }
}
