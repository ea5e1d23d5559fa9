package io.github.mgs4j.examples.translation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.core.io.MalformedFileException;
import java.util.Locale;

/**
 * The hyper-parameters of a Marian encoder–decoder translation model: the subset of a transformers
 * {@code config.json} ({@code MarianConfig}, {@code model_type: "marian"}) that {@code MarianMTModel} reads.
 *
 * <p>Every size, shared or separate encoder/decoder embeddings (a smaller {@code decoder_vocab_size} when
 * separate), a tied or untied LM head, {@code scale_embedding}, the activations {@code relu}, {@code gelu},
 * {@code gelu_new}, {@code swish}/{@code silu}, and the three dropout rates are supported. Missing fields take
 * transformers' {@code MarianConfig} defaults; {@code encoder_layerdrop}/{@code decoder_layerdrop} other than 0
 * and a {@code model_type} other than {@code marian} are rejected with a message naming the field.
 *
 * @param vocabSize {@code vocab_size}: the (encoder) vocabulary
 * @param decoderVocabSize {@code decoder_vocab_size}: the target vocabulary (= {@code vocab_size} when shared)
 * @param dModel {@code d_model}
 * @param encoderLayers {@code encoder_layers}
 * @param encoderAttentionHeads {@code encoder_attention_heads}
 * @param encoderFfnDim {@code encoder_ffn_dim}
 * @param decoderLayers {@code decoder_layers}
 * @param decoderAttentionHeads {@code decoder_attention_heads}
 * @param decoderFfnDim {@code decoder_ffn_dim}
 * @param maxPositionEmbeddings {@code max_position_embeddings}: the longest source or target sequence
 * @param activationFunction {@code activation_function}
 * @param dropout {@code dropout}: after the embeddings and on every residual branch
 * @param attentionDropout {@code attention_dropout}: on the attention probabilities
 * @param activationDropout {@code activation_dropout}: after the feed-forward activation
 * @param scaleEmbedding {@code scale_embedding}: multiply token embeddings by {@code sqrt(d_model)}
 * @param shareEncoderDecoderEmbeddings {@code share_encoder_decoder_embeddings}
 * @param tieWordEmbeddings {@code tie_word_embeddings}: the LM head is the decoder's token embedding
 * @param padTokenId {@code pad_token_id}
 * @param eosTokenId {@code eos_token_id}
 * @param decoderStartTokenId {@code decoder_start_token_id} (the pad token in Marian models)
 * @param initStd {@code init_std}: the standard deviation of random initialisation
 */
public record MarianConfig(
    int vocabSize,
    int decoderVocabSize,
    int dModel,
    int encoderLayers,
    int encoderAttentionHeads,
    int encoderFfnDim,
    int decoderLayers,
    int decoderAttentionHeads,
    int decoderFfnDim,
    int maxPositionEmbeddings,
    String activationFunction,
    double dropout,
    double attentionDropout,
    double activationDropout,
    boolean scaleEmbedding,
    boolean shareEncoderDecoderEmbeddings,
    boolean tieWordEmbeddings,
    int padTokenId,
    int eosTokenId,
    int decoderStartTokenId,
    double initStd) {

  /** The {@code model_type} of Marian checkpoints. */
  public static final String MODEL_TYPE = "marian";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the first invalid field
   */
  public MarianConfig {
    positive("vocab_size", vocabSize);
    positive("decoder_vocab_size", decoderVocabSize);
    positive("d_model", dModel);
    positive("encoder_layers", encoderLayers);
    positive("encoder_attention_heads", encoderAttentionHeads);
    positive("encoder_ffn_dim", encoderFfnDim);
    positive("decoder_layers", decoderLayers);
    positive("decoder_attention_heads", decoderAttentionHeads);
    positive("decoder_ffn_dim", decoderFfnDim);
    positive("max_position_embeddings", maxPositionEmbeddings);
    if (dModel % encoderAttentionHeads != 0 || dModel % decoderAttentionHeads != 0) {
      throw new IllegalArgumentException(
          "d_model (" + dModel + ") must be divisible by encoder_attention_heads (" + encoderAttentionHeads
              + ") and decoder_attention_heads (" + decoderAttentionHeads + ")");
    }
    if (shareEncoderDecoderEmbeddings && decoderVocabSize != vocabSize) {
      throw new IllegalArgumentException(
          "decoder_vocab_size (" + decoderVocabSize + ") must equal vocab_size (" + vocabSize
              + ") when share_encoder_decoder_embeddings is true");
    }
    MarianActivation.of(activationFunction);
    probability("dropout", dropout);
    probability("attention_dropout", attentionDropout);
    probability("activation_dropout", activationDropout);
    tokenId("pad_token_id", padTokenId, decoderVocabSize);
    tokenId("eos_token_id", eosTokenId, decoderVocabSize);
    tokenId("decoder_start_token_id", decoderStartTokenId, decoderVocabSize);
    if (!(initStd > 0)) {
      throw new IllegalArgumentException("init_std must be > 0, got " + initStd);
    }
  }

  /**
   * A transformer of the given sizes with Marian's conventions: one shared vocabulary tied to the LM head,
   * the pad token as decoder start, {@code swish} as in opus-mt, embeddings scaled by {@code sqrt(d_model)},
   * 512 positions, dropout {@code dropout} (attention and activation dropout 0, as Marian's defaults).
   *
   * @param vocabSize the joint vocabulary
   * @param dModel the width
   * @param layers encoder and decoder layers (each)
   * @param heads attention heads
   * @param ffnDim the feed-forward width
   * @param eosId the end-of-sentence id
   * @param padId the padding id (also the decoder start)
   * @param dropout the dropout rate
   * @return the configuration
   */
  public static MarianConfig of(int vocabSize, int dModel, int layers, int heads, int ffnDim, int eosId, int padId,
      double dropout) {
    return new MarianConfig(
        vocabSize, vocabSize, dModel, layers, heads, ffnDim, layers, heads, ffnDim, 512, "swish", dropout, 0.0, 0.0,
        true, true, true, padId, eosId, padId, 0.02);
  }

  /** The width of one attention head of the encoder. */
  public int encoderHeadDim() {
    return dModel / encoderAttentionHeads;
  }

  /** The width of one attention head of the decoder. */
  public int decoderHeadDim() {
    return dModel / decoderAttentionHeads;
  }

  /** The activation of the feed-forward blocks. */
  public MarianActivation activation() {
    return MarianActivation.of(activationFunction);
  }

  /** The same configuration with every dropout rate set to {@code rate}. */
  public MarianConfig withDropout(double rate) {
    return new MarianConfig(
        vocabSize, decoderVocabSize, dModel, encoderLayers, encoderAttentionHeads, encoderFfnDim, decoderLayers,
        decoderAttentionHeads, decoderFfnDim, maxPositionEmbeddings, activationFunction, rate, rate, rate,
        scaleEmbedding, shareEncoderDecoderEmbeddings, tieWordEmbeddings, padTokenId, eosTokenId,
        decoderStartTokenId, initStd);
  }

  /**
   * Parses a {@code config.json}.
   *
   * @param json the file's text
   * @param source the file name, for messages
   * @return the configuration
   * @throws MalformedFileException naming the file and field for malformed JSON, a wrong type, another
   *     architecture or an unsupported value
   */
  public static MarianConfig fromJson(String json, String source) throws MalformedFileException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedFileException(source + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedFileException(source + ": expected a JSON object");
    }
    String modelType = root.path("model_type").asText("");
    if (!MODEL_TYPE.equals(modelType)) {
      throw new MalformedFileException(
          source + ": model_type \"" + modelType + "\" is not a Marian translation model (expected \"marian\")");
    }
    Reader r = new Reader(root, source);
    for (String field : new String[] {"encoder_layerdrop", "decoder_layerdrop"}) {
      if (r.real(field, 0) != 0) {
        throw new MalformedFileException(source + ": unsupported " + field + " " + r.real(field, 0) + " (only 0)");
      }
    }
    int vocab = r.integer("vocab_size", 58101);
    boolean share = r.bool("share_encoder_decoder_embeddings", true);
    int decoderVocab = root.path("decoder_vocab_size").isNull() || root.path("decoder_vocab_size").isMissingNode()
        ? vocab : r.integer("decoder_vocab_size", vocab);
    int pad = r.integer("pad_token_id", 58100);
    try {
      return new MarianConfig(
          vocab,
          decoderVocab,
          r.integer("d_model", 1024),
          r.integer("encoder_layers", 12),
          r.integer("encoder_attention_heads", 16),
          r.integer("encoder_ffn_dim", 4096),
          r.integer("decoder_layers", 12),
          r.integer("decoder_attention_heads", 16),
          r.integer("decoder_ffn_dim", 4096),
          r.integer("max_position_embeddings", 1024),
          r.text("activation_function", "gelu"),
          r.real("dropout", 0.1),
          r.real("attention_dropout", 0.0),
          r.real("activation_dropout", 0.0),
          r.bool("scale_embedding", false),
          share,
          r.bool("tie_word_embeddings", true),
          pad,
          r.integer("eos_token_id", 0),
          r.integer("decoder_start_token_id", 58100),
          r.real("init_std", 0.02));
    } catch (IllegalArgumentException e) {
      throw new MalformedFileException(source + ": " + e.getMessage(), e);
    }
  }

  /** The configuration as a {@code config.json} that transformers' {@code MarianMTModel} reads. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("architectures").add("MarianMTModel");
    root.put("model_type", MODEL_TYPE);
    root.put("vocab_size", vocabSize);
    root.put("decoder_vocab_size", decoderVocabSize);
    root.put("d_model", dModel);
    root.put("encoder_layers", encoderLayers);
    root.put("encoder_attention_heads", encoderAttentionHeads);
    root.put("encoder_ffn_dim", encoderFfnDim);
    root.put("decoder_layers", decoderLayers);
    root.put("decoder_attention_heads", decoderAttentionHeads);
    root.put("decoder_ffn_dim", decoderFfnDim);
    root.put("max_position_embeddings", maxPositionEmbeddings);
    root.put("activation_function", activationFunction);
    root.put("dropout", dropout);
    root.put("attention_dropout", attentionDropout);
    root.put("activation_dropout", activationDropout);
    root.put("encoder_layerdrop", 0.0);
    root.put("decoder_layerdrop", 0.0);
    root.put("scale_embedding", scaleEmbedding);
    root.put("share_encoder_decoder_embeddings", shareEncoderDecoderEmbeddings);
    root.put("tie_word_embeddings", tieWordEmbeddings);
    root.put("pad_token_id", padTokenId);
    root.put("eos_token_id", eosTokenId);
    root.put("decoder_start_token_id", decoderStartTokenId);
    root.putNull("forced_eos_token_id");
    root.put("is_encoder_decoder", true);
    root.put("init_std", initStd);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }

  private static void tokenId(String field, int id, int vocabSize) {
    if (id < 0 || id >= vocabSize) {
      throw new IllegalArgumentException(field + " " + id + " is outside the vocabulary [0, " + vocabSize + ")");
    }
  }

  private static void probability(String field, double p) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1), got " + p);
    }
  }

  /** Typed field access with defaults, naming the field on a wrong type. */
  private record Reader(JsonNode root, String source) {
    int integer(String field, int fallback) throws MalformedFileException {
      JsonNode node = root.get(field);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isIntegralNumber() || !node.canConvertToInt()) {
        throw new MalformedFileException(source + ": " + field + " must be an integer, got " + node);
      }
      return node.intValue();
    }

    double real(String field, double fallback) throws MalformedFileException {
      JsonNode node = root.get(field);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isNumber()) {
        throw new MalformedFileException(source + ": " + field + " must be a number, got " + node);
      }
      return node.doubleValue();
    }

    boolean bool(String field, boolean fallback) throws MalformedFileException {
      JsonNode node = root.get(field);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isBoolean()) {
        throw new MalformedFileException(source + ": " + field + " must be true or false, got " + node);
      }
      return node.booleanValue();
    }

    String text(String field, String fallback) throws MalformedFileException {
      JsonNode node = root.get(field);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isTextual()) {
        throw new MalformedFileException(source + ": " + field + " must be a string, got " + node);
      }
      return node.textValue().toLowerCase(Locale.ROOT);
    }
  }
}
