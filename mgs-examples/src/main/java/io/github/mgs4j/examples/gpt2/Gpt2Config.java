package io.github.mgs4j.examples.gpt2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The hyper-parameters of a GPT-2 language model: the subset of a transformers {@code config.json}
 * ({@code GPT2Config}) that this implementation supports.
 *
 * <p>Supported: any sizes, {@code activation_function = "gelu_new"}, tied input/output embeddings,
 * {@code scale_attn_weights}, dropout rates. Rejected with a message naming the field: other activations,
 * untied embeddings, {@code scale_attn_by_inverse_layer_idx}, {@code reorder_and_upcast_attn},
 * {@code add_cross_attention}, and a {@code model_type} other than {@code gpt2}. Fields missing from a JSON
 * file take transformers' defaults (the 124M {@code gpt2} sizes).
 *
 * @param vocabSize {@code vocab_size}
 * @param nPositions {@code n_positions}: the longest sequence
 * @param nEmbd {@code n_embd}: the model width
 * @param nLayer {@code n_layer}: the number of transformer blocks
 * @param nHead {@code n_head}: attention heads per block; must divide {@code nEmbd}
 * @param nInner {@code n_inner}: the MLP width ({@code 4 * n_embd} when the JSON says {@code null})
 * @param layerNormEpsilon {@code layer_norm_epsilon}
 * @param eosTokenId {@code eos_token_id}
 * @param bosTokenId {@code bos_token_id}
 * @param embdPdrop {@code embd_pdrop}: dropout after the embeddings
 * @param residPdrop {@code resid_pdrop}: dropout on each residual branch
 * @param attnPdrop {@code attn_pdrop}: dropout on the attention probabilities
 * @param scaleAttnWeights {@code scale_attn_weights}: divide attention scores by {@code sqrt(head_dim)}
 * @param initializerRange {@code initializer_range}: the standard deviation of random initialisation
 */
public record Gpt2Config(
    int vocabSize,
    int nPositions,
    int nEmbd,
    int nLayer,
    int nHead,
    int nInner,
    double layerNormEpsilon,
    int eosTokenId,
    int bosTokenId,
    double embdPdrop,
    double residPdrop,
    double attnPdrop,
    boolean scaleAttnWeights,
    double initializerRange) {

  /** The only supported {@code activation_function}. */
  public static final String ACTIVATION = "gelu_new";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Features transformers supports but this implementation does not, each with its harmless value. */
  private static final Map<String, Boolean> UNSUPPORTED_FLAGS =
      Map.of(
          "scale_attn_by_inverse_layer_idx", false,
          "reorder_and_upcast_attn", false,
          "add_cross_attention", false,
          "tie_word_embeddings", true);

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the first invalid field
   */
  public Gpt2Config {
    positive("vocab_size", vocabSize);
    positive("n_positions", nPositions);
    positive("n_embd", nEmbd);
    positive("n_layer", nLayer);
    positive("n_head", nHead);
    positive("n_inner", nInner);
    if (nEmbd % nHead != 0) {
      throw new IllegalArgumentException(
          "n_embd (" + nEmbd + ") must be divisible by n_head (" + nHead + ")");
    }
    if (!(layerNormEpsilon > 0)) {
      throw new IllegalArgumentException("layer_norm_epsilon must be > 0, got " + layerNormEpsilon);
    }
    tokenId("eos_token_id", eosTokenId, vocabSize);
    tokenId("bos_token_id", bosTokenId, vocabSize);
    probability("embd_pdrop", embdPdrop);
    probability("resid_pdrop", residPdrop);
    probability("attn_pdrop", attnPdrop);
    if (!(initializerRange > 0)) {
      throw new IllegalArgumentException("initializer_range must be > 0, got " + initializerRange);
    }
  }

  /**
   * A configuration with GPT-2's defaults for everything but the sizes: MLP width {@code 4 * nEmbd},
   * epsilon 1e-5, dropout 0.1, initializer range 0.02, and BOS = EOS = the last vocabulary id.
   *
   * @param vocabSize the vocabulary size
   * @param nPositions the longest sequence
   * @param nEmbd the width
   * @param nLayer the number of blocks
   * @param nHead the number of heads
   * @return the configuration
   */
  public static Gpt2Config of(int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead) {
    return new Gpt2Config(
        vocabSize, nPositions, nEmbd, nLayer, nHead, 4 * nEmbd, 1e-5, vocabSize - 1, vocabSize - 1,
        0.1, 0.1, 0.1, true, 0.02);
  }

  /** The width of one attention head. */
  public int headDim() {
    return nEmbd / nHead;
  }

  /**
   * A copy with every dropout rate ({@code embd_pdrop}, {@code resid_pdrop}, {@code attn_pdrop}) set.
   *
   * @param rate the dropout probability in [0, 1)
   * @return the new configuration
   */
  public Gpt2Config withDropout(double rate) {
    return new Gpt2Config(
        vocabSize, nPositions, nEmbd, nLayer, nHead, nInner, layerNormEpsilon, eosTokenId, bosTokenId,
        rate, rate, rate, scaleAttnWeights, initializerRange);
  }

  /**
   * Parses a transformers {@code config.json}.
   *
   * @param json the file's text
   * @param source the file name used in error messages
   * @return the configuration
   * @throws Gpt2CheckpointException for malformed JSON, a field of the wrong type or value, or an
   *     unsupported feature; the message names {@code source} and the field
   */
  public static Gpt2Config fromJson(String json, String source) throws Gpt2CheckpointException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new Gpt2CheckpointException(
          source + ": malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new Gpt2CheckpointException(source + ": expected a JSON object");
    }
    Fields f = new Fields(root, source);
    String modelType = f.string("model_type", "gpt2");
    if (!"gpt2".equals(modelType)) {
      throw new Gpt2CheckpointException(
          source + ": unsupported model_type \"" + modelType + "\" (only \"gpt2\")");
    }
    String activation = f.string("activation_function", ACTIVATION);
    if (!ACTIVATION.equals(activation)) {
      throw new Gpt2CheckpointException(
          source + ": unsupported activation_function \"" + activation + "\" (only \"" + ACTIVATION + "\")");
    }
    for (Map.Entry<String, Boolean> flag : UNSUPPORTED_FLAGS.entrySet()) {
      if (f.bool(flag.getKey(), flag.getValue()) != flag.getValue()) {
        throw new Gpt2CheckpointException(
            source + ": unsupported " + flag.getKey() + "=" + !flag.getValue()
                + " (only " + flag.getValue() + " is supported)");
      }
    }
    int nEmbd = f.integer("n_embd", 768);
    JsonNode inner = root.get("n_inner");
    int nInner = inner == null || inner.isNull() ? 4 * nEmbd : f.integer("n_inner", 0);
    try {
      return new Gpt2Config(
          f.integer("vocab_size", 50257),
          f.integer("n_positions", 1024),
          nEmbd,
          f.integer("n_layer", 12),
          f.integer("n_head", 12),
          nInner,
          f.number("layer_norm_epsilon", 1e-5),
          f.integer("eos_token_id", 50256),
          f.integer("bos_token_id", 50256),
          f.number("embd_pdrop", 0.1),
          f.number("resid_pdrop", 0.1),
          f.number("attn_pdrop", 0.1),
          f.bool("scale_attn_weights", true),
          f.number("initializer_range", 0.02));
    } catch (IllegalArgumentException e) {
      throw new Gpt2CheckpointException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * This configuration as a transformers {@code config.json} for {@code GPT2LMHeadModel}.
   *
   * @return pretty-printed JSON
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("architectures").add("GPT2LMHeadModel");
    root.put("model_type", "gpt2");
    root.put("activation_function", ACTIVATION);
    root.put("vocab_size", vocabSize);
    root.put("n_positions", nPositions);
    root.put("n_embd", nEmbd);
    root.put("n_layer", nLayer);
    root.put("n_head", nHead);
    if (nInner == 4 * nEmbd) {
      root.putNull("n_inner");
    } else {
      root.put("n_inner", nInner);
    }
    root.put("layer_norm_epsilon", layerNormEpsilon);
    root.put("bos_token_id", bosTokenId);
    root.put("eos_token_id", eosTokenId);
    root.put("embd_pdrop", embdPdrop);
    root.put("resid_pdrop", residPdrop);
    root.put("attn_pdrop", attnPdrop);
    root.put("scale_attn_weights", scaleAttnWeights);
    root.put("initializer_range", initializerRange);
    UNSUPPORTED_FLAGS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(flag -> root.put(flag.getKey(), flag.getValue()));
    root.put("dtype", "float32");
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }

  private static void tokenId(String field, int id, int vocabSize) {
    if (id < 0 || id >= vocabSize) {
      throw new IllegalArgumentException(
          field + " " + id + " is outside the vocabulary [0, " + vocabSize + ")");
    }
  }

  private static void probability(String field, double p) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1), got " + p);
    }
  }

  /** Typed access to the fields of one JSON object, with errors naming the file and field. */
  private record Fields(JsonNode root, String source) {

    private JsonNode present(String field) {
      JsonNode node = root.get(field);
      return node == null || node.isNull() ? null : node;
    }

    private Gpt2CheckpointException wrongType(String field, String expected) {
      return new Gpt2CheckpointException(
          source + ": field " + field + " must be " + expected + ", got " + root.get(field));
    }

    int integer(String field, int fallback) throws Gpt2CheckpointException {
      JsonNode node = present(field);
      if (node == null) {
        return fallback;
      }
      if (!node.canConvertToInt() || !(node.isIntegralNumber() || node.asDouble() == node.asInt())) {
        throw wrongType(field, "an integer");
      }
      return node.asInt();
    }

    double number(String field, double fallback) throws Gpt2CheckpointException {
      JsonNode node = present(field);
      if (node == null) {
        return fallback;
      }
      if (!node.isNumber()) {
        throw wrongType(field, "a number");
      }
      return node.asDouble();
    }

    boolean bool(String field, boolean fallback) throws Gpt2CheckpointException {
      JsonNode node = present(field);
      if (node == null) {
        return fallback;
      }
      if (!node.isBoolean()) {
        throw wrongType(field, "true or false");
      }
      return node.asBoolean();
    }

    String string(String field, String fallback) throws Gpt2CheckpointException {
      JsonNode node = present(field);
      if (node == null) {
        return fallback;
      }
      if (!node.isTextual()) {
        throw wrongType(field, "a string");
      }
      return node.asText();
    }
  }
}
