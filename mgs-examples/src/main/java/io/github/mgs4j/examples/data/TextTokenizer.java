package io.github.mgs4j.examples.data;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.core.io.MalformedFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A byte-level BPE tokenizer (GPT-2 style) through DJL's Hugging Face tokenizers, configured so that it never
 * truncates, pads or adds special tokens (DJL's defaults truncate silently at 512 tokens). Built from a
 * {@code tokenizer.json}, from GPT-2's {@code vocab.json} + {@code merges.txt}, or from the bundled resource.
 * Thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {
  /** The end-of-text token of GPT-2 tokenizers. */
  public static final String END_OF_TEXT = "<|endoftext|>";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> OPTIONS =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  private final HuggingFaceTokenizer tokenizer;
  private final int eosId;
  private final int vocabularySize;

  private TextTokenizer(String tokenizerJson, String source) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(tokenizerJson);
    } catch (IOException e) {
      throw new MalformedFileException(source + ": not a valid tokenizer.json (" + e.getMessage() + ")", e);
    }
    JsonNode vocab = root == null ? null : root.path("model").path("vocab");
    if (vocab == null || !vocab.isObject() || vocab.size() == 0) {
      throw new MalformedFileException(source + ": tokenizer.json has no model.vocab");
    }
    int max = -1;
    for (JsonNode id : vocab) {
      max = Math.max(max, id.asInt());
    }
    for (JsonNode added : root.path("added_tokens")) {
      max = Math.max(max, added.path("id").asInt());
    }
    this.vocabularySize = max + 1;
    this.tokenizer = HuggingFaceTokenizer.newInstance(
        new ByteArrayInputStream(tokenizerJson.getBytes(StandardCharsets.UTF_8)), OPTIONS);
    long[] eos = tokenizer.encode(END_OF_TEXT, false, false).getIds();
    if (eos.length != 1) {
      tokenizer.close();
      throw new MalformedFileException(source + ": the tokenizer has no single token for " + END_OF_TEXT);
    }
    this.eosId = (int) eos[0];
  }

  /**
   * Loads a tokenizer from a model directory holding {@code tokenizer.json}, or {@code vocab.json} and
   * {@code merges.txt}.
   *
   * @throws MalformedFileException naming the directory or file when neither form is present or a file is
   *     malformed
   */
  public static TextTokenizer fromDirectory(Path directory) throws IOException {
    Path json = directory.resolve("tokenizer.json");
    if (Files.isRegularFile(json)) {
      return new TextTokenizer(Files.readString(json, StandardCharsets.UTF_8), json.toString());
    }
    Path vocab = directory.resolve("vocab.json");
    Path merges = directory.resolve("merges.txt");
    if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
      return new TextTokenizer(fromVocabAndMerges(vocab, merges), vocab.toString());
    }
    throw new MalformedFileException(
        directory + ": no tokenizer found (expected tokenizer.json, or vocab.json and merges.txt)");
  }

  /** The tokenizer bundled with the example ({@code sotu/tokenizer.json} on the classpath). */
  public static TextTokenizer bundled() throws IOException {
    try (InputStream in = TextTokenizer.class.getResourceAsStream("/io/github/mgs4j/examples/sotu/tokenizer.json")) {
      if (in == null) {
        throw new MalformedFileException("the bundled tokenizer.json is missing from the classpath");
      }
      return new TextTokenizer(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled tokenizer.json");
    }
  }

  /** Builds the {@code tokenizer.json} equivalent of GPT-2's {@code vocab.json} + {@code merges.txt}. */
  static String fromVocabAndMerges(Path vocabFile, Path mergesFile) throws IOException {
    JsonNode vocab;
    try {
      vocab = JSON.readTree(vocabFile.toFile());
    } catch (IOException e) {
      throw new MalformedFileException(vocabFile + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    if (vocab == null || !vocab.isObject()) {
      throw new MalformedFileException(vocabFile + ": expected a JSON object of token -> id");
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    if (vocab.has(END_OF_TEXT)) {
      ObjectNode eos = added.addObject();
      eos.put("id", vocab.get(END_OF_TEXT).asInt());
      eos.put("content", END_OF_TEXT);
      eos.put("single_word", false);
      eos.put("lstrip", false);
      eos.put("rstrip", false);
      eos.put("normalized", true);
      eos.put("special", true);
    }
    root.putNull("normalizer");
    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "ByteLevel");
    pre.put("add_prefix_space", false);
    pre.put("trim_offsets", true);
    pre.put("use_regex", true);
    root.putNull("post_processor");
    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "ByteLevel");
    decoder.put("add_prefix_space", true);
    decoder.put("trim_offsets", true);
    decoder.put("use_regex", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.set("vocab", vocab);
    ArrayNode merges = model.putArray("merges");
    List<String> lines = Files.readAllLines(mergesFile, StandardCharsets.UTF_8);
    for (String line : lines) {
      if (line.startsWith("#version") || line.isBlank()) {
        continue;
      }
      String[] pair = line.split(" ");
      if (pair.length != 2) {
        throw new MalformedFileException(mergesFile + ": malformed merge line '" + line + "'");
      }
      merges.add(line);
    }
    return JSON.writeValueAsString(root);
  }

  /** The ids of a text, without truncation, padding or added special tokens. */
  public int[] encode(String text) {
    Objects.requireNonNull(text, "text");
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  /** The text of ids (special tokens kept). */
  public String decode(int[] ids) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, false);
  }

  /** The id of {@code <|endoftext|>}. */
  public int eosId() {
    return eosId;
  }

  /** One more than the largest id. */
  public int vocabularySize() {
    return vocabularySize;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
