package io.github.mgs4j.losses.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.losses.bleu.NltkBleu;
import io.github.mgs4j.losses.bleu.NltkSmoothing;
import io.github.mgs4j.losses.bleu.SacreBleu;
import io.github.mgs4j.losses.bleu.Smoothing;
import io.github.mgs4j.losses.edit.Levenshtein;
import io.github.mgs4j.losses.meteor.Meteor;
import io.github.mgs4j.losses.text.PythonWhitespace;
import java.util.Objects;

/**
 * Every metric of the reference vectors for one hypothesis/reference pair, under the vectors' field names:
 * {@code sacrebleu}, {@code sacrebleu_floor}, {@code sacrebleu_addk}, {@code sacrebleu_none},
 * {@code nltk_bleu_method1}, {@code nltk_meteor}, {@code lev_token}, {@code lev_token_norm} (null for an
 * empty reference), {@code lev_char}, {@code lev_char_norm} (null for an empty reference). Thread-safe.
 */
public final class PairScores {
  private static final SacreBleu EXP = SacreBleu.sentence();
  private static final SacreBleu FLOOR = SacreBleu.sentence(Smoothing.FLOOR);
  private static final SacreBleu ADD_K = SacreBleu.sentence(Smoothing.ADD_K);
  private static final SacreBleu NONE = SacreBleu.sentence(Smoothing.NONE);
  private static final NltkBleu METHOD1 = new NltkBleu(NltkSmoothing.METHOD1);
  private static final Meteor METEOR = Meteor.nltk();

  private PairScores() {}

  /** The scores as a JSON object, fields in the order listed above. */
  public static ObjectNode score(String hyp, String ref) {
    Objects.requireNonNull(hyp, "hyp");
    Objects.requireNonNull(ref, "ref");
    String[] h = PythonWhitespace.split(hyp);
    String[] r = PythonWhitespace.split(ref);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("sacrebleu", EXP.score(hyp, ref));
    out.put("sacrebleu_floor", FLOOR.score(hyp, ref));
    out.put("sacrebleu_addk", ADD_K.score(hyp, ref));
    out.put("sacrebleu_none", NONE.score(hyp, ref));
    out.put("nltk_bleu_method1", METHOD1.score(h, r));
    out.put("nltk_meteor", METEOR.score(h, r));
    int tok = Levenshtein.distance(h, r);
    out.put("lev_token", tok);
    putRatio(out, "lev_token_norm", tok, r.length);
    int chr = Levenshtein.codePointDistance(hyp, ref);
    out.put("lev_char", chr);
    putRatio(out, "lev_char_norm", chr, ref.codePointCount(0, ref.length()));
    return out;
  }

  private static void putRatio(ObjectNode out, String field, int distance, int length) {
    if (length == 0) {
      out.putNull(field);
    } else {
      out.put(field, (double) distance / length);
    }
  }
}
