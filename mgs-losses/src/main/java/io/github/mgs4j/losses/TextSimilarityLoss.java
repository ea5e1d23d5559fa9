package io.github.mgs4j.losses;

import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.losses.bleu.NltkBleu;
import io.github.mgs4j.losses.bleu.NltkSmoothing;
import io.github.mgs4j.losses.bleu.SacreBleu;
import io.github.mgs4j.losses.meteor.Meteor;
import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * A string-based MGS task loss {@code 1 − similarity(Ŷ, Y)} (lower is better): hypothesis and target are
 * cut at their first EOS (the EOS itself dropped), turned into text by the caller's detokenizer, and
 * compared by a sentence-level similarity in [0, 1] — sentence-BLEU/100, NLTK BLEU or METEOR. Scores of
 * exactly identical text can exceed 1 by rounding (sacrebleu gives 100.00000000000004; NLTK method 5 and 7
 * can exceed 1), so the loss can be a tiny negative number; it is always finite.
 *
 * <p>Immutable and thread-safe provided the detokenizer is.
 */
public final class TextSimilarityLoss implements TaskLoss {

  /** A sentence similarity, 1 for a perfect hypothesis; must be thread-safe. */
  @FunctionalInterface
  public interface Similarity {
    /** The similarity of a hypothesis text to a reference text. */
    double similarity(String hypothesis, String reference);
  }

  private final String name;
  private final Function<int[], String> detokenizer;
  private final int eosId;
  private final Similarity similarity;

  /**
   * Creates the loss.
   *
   * @param name the loss name for logs
   * @param detokenizer token ids (EOS removed) to text; thread-safe
   * @param eosId the EOS id
   * @param similarity the sentence similarity
   */
  public TextSimilarityLoss(String name, Function<int[], String> detokenizer, int eosId, Similarity similarity) {
    this.name = Objects.requireNonNull(name, "name");
    this.detokenizer = Objects.requireNonNull(detokenizer, "detokenizer");
    this.eosId = eosId;
    this.similarity = Objects.requireNonNull(similarity, "similarity");
  }

  /** {@code 1 − sacrebleu.sentence_bleu(Ŷ, [Y]).score / 100} (13a, exp smoothing, effective order). */
  public static TextSimilarityLoss sacreBleu(Function<int[], String> detokenizer, int eosId) {
    SacreBleu bleu = SacreBleu.sentence();
    return new TextSimilarityLoss("sbleu", detokenizer, eosId, (h, r) -> bleu.score(h, r) / 100.0);
  }

  /**
   * {@code 1 − nltk sentence_bleu([Y.split()], Ŷ.split(), smoothing)}; the authors' MGS code used method 2.
   * Method 6 is rejected: it is undefined for a zero trigram precision.
   */
  public static TextSimilarityLoss nltkBleu(Function<int[], String> detokenizer, int eosId, NltkSmoothing smoothing) {
    if (smoothing == NltkSmoothing.METHOD6) {
      throw new IllegalArgumentException("method6 fails on hypotheses without a matching trigram");
    }
    NltkBleu bleu = new NltkBleu(smoothing);
    return new TextSimilarityLoss("nltk-bleu-" + smoothing.name().toLowerCase(java.util.Locale.ROOT), detokenizer,
        eosId, (h, r) -> bleu.score(PythonWhitespace.split(h), PythonWhitespace.split(r)));
  }

  /** {@code 1 − nltk meteor_score([Y.split()], Ŷ.split())}. */
  public static TextSimilarityLoss meteor(Function<int[], String> detokenizer, int eosId) {
    Meteor meteor = Meteor.nltk();
    return new TextSimilarityLoss("meteor", detokenizer, eosId,
        (h, r) -> meteor.score(PythonWhitespace.split(h), PythonWhitespace.split(r)));
  }

  @Override
  public String name() {
    return name;
  }

  /** The loss of one pair of id sequences. */
  public double loss(int[] hypothesis, int[] target) {
    String h = detokenizer.apply(beforeEos(Objects.requireNonNull(hypothesis, "hypothesis"), eosId));
    String r = detokenizer.apply(beforeEos(Objects.requireNonNull(target, "target"), eosId));
    return 1.0 - similarity.similarity(h, r);
  }

  @Override
  public double[] perSequence(Batch batch, DecodedBatch decoded) {
    if (batch.size() != decoded.size()) {
      throw new IllegalArgumentException(batch.size() + " examples but " + decoded.size() + " decodes");
    }
    double[] out = new double[batch.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = loss(decoded.tokens(i), batch.target(i));
    }
    return out;
  }

  /** The ids before the first EOS (all of them if there is none). */
  public static int[] beforeEos(int[] ids, int eosId) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == eosId) {
        return Arrays.copyOf(ids, i);
      }
    }
    return ids.clone();
  }
}
