package io.github.mgs4j.examples.translation;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.core.io.MalformedFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.tukaani.xz.XZInputStream;

/**
 * A translation model's subword tokenizer (a Hugging Face {@code tokenizer.json}, e.g. the bundled joint BPE)
 * through DJL's tokenizers, configured never to truncate, pad or add special tokens (DJL truncates silently at
 * 512 tokens by default). Sentences are encoded as Marian's tokenizer writes them: the subword ids followed by
 * {@code </s>}. Thread-safe.
 */
public final class TranslationTokenizer implements AutoCloseable {
  /** The end-of-sentence token. */
  public static final String EOS = "</s>";

  /** The padding token (also the decoder start of models made for this tokenizer). */
  public static final String PAD = "<pad>";

  /** The file name in a model directory. */
  public static final String FILE = "tokenizer.json";

  private static final String BUNDLED = "/io/github/mgs4j/examples/bible/tokenizer.json.xz";
  private static final Map<String, String> OPTIONS =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  private final HuggingFaceTokenizer tokenizer;
  private final String json;
  private final int eosId;
  private final int padId;
  private final int vocabularySize;

  private TranslationTokenizer(String json, String source) throws MalformedFileException {
    this.json = json;
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(
          new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), OPTIONS);
    } catch (IOException | RuntimeException e) {
      throw new MalformedFileException(source + ": not a usable tokenizer.json (" + e.getMessage() + ")", e);
    }
    long[] eos = tokenizer.encode(EOS, false, false).getIds();
    if (eos.length != 1) {
      tokenizer.close();
      throw new MalformedFileException(source + ": the tokenizer has no single token for " + EOS);
    }
    this.eosId = (int) eos[0];
    long[] pad = tokenizer.encode(PAD, false, false).getIds();
    this.padId = pad.length == 1 ? (int) pad[0] : eosId;
    this.vocabularySize = vocabularySize(json, source);
  }

  private static int vocabularySize(String json, String source) throws MalformedFileException {
    try {
      JsonNode root = new ObjectMapper().readTree(json);
      int max = -1;
      for (JsonNode id : root.path("model").path("vocab")) {
        max = Math.max(max, id.asInt());
      }
      for (JsonNode added : root.path("added_tokens")) {
        max = Math.max(max, added.path("id").asInt());
      }
      if (max < 0) {
        throw new MalformedFileException(source + ": tokenizer.json has no model.vocab");
      }
      return max + 1;
    } catch (IOException e) {
      throw new MalformedFileException(source + ": not valid JSON (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The {@code tokenizer.json} of a model directory.
   *
   * @throws MalformedFileException naming the file when it is missing or unusable
   */
  public static TranslationTokenizer fromDirectory(Path directory) throws IOException {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new MalformedFileException(file + ": file not found (a translation model directory needs its "
          + "tokenizer.json for text input; use --source-ids for token ids)");
    }
    return new TranslationTokenizer(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** The bundled Spanish–English joint BPE. */
  public static TranslationTokenizer bundled() throws IOException {
    try (InputStream in = TranslationTokenizer.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new MalformedFileException("the bundled " + BUNDLED + " is missing from the classpath");
      }
      return new TranslationTokenizer(
          new String(new XZInputStream(in).readAllBytes(), StandardCharsets.UTF_8), "bundled tokenizer.json");
    }
  }

  /** The id of {@code </s>}. */
  public int eosId() {
    return eosId;
  }

  /** The id of {@code <pad>} ({@code </s>}'s when the tokenizer has none). */
  public int padId() {
    return padId;
  }

  /** One more than the largest id. */
  public int vocabularySize() {
    return vocabularySize;
  }

  /**
   * A sentence as model input: its subword ids, then {@code </s>}.
   *
   * @throws IllegalArgumentException if the sentence is blank
   */
  public int[] encode(String sentence) {
    if (sentence == null || sentence.isBlank()) {
      throw new IllegalArgumentException("empty sentence");
    }
    long[] ids = tokenizer.encode(sentence, false, false).getIds();
    int[] out = new int[ids.length + 1];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    out[ids.length] = eosId;
    return out;
  }

  /** The text of ids, cut before the first {@code </s>}, special tokens skipped. */
  public String decode(int[] ids) {
    int end = 0;
    while (end < ids.length && ids[end] != eosId) {
      end++;
    }
    long[] kept = Arrays.stream(ids, 0, end).asLongStream().toArray();
    return tokenizer.decode(kept, true).strip();
  }

  /** Writes the {@code tokenizer.json} into a model directory. */
  public void save(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve(FILE), json, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
