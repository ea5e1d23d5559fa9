package io.github.mgs4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.losses.bleu.NltkSmoothing;
import io.github.mgs4j.losses.bleu.SacreBleu;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TextSimilarityLossTest {
  private static final String[] WORDS = {"<eos>", "the", "dog", "barked", "loudly", "at", "night", "cat"};
  private static final Function<int[], String> DETOK =
      ids -> Arrays.stream(ids).mapToObj(i -> WORDS[i]).collect(Collectors.joining(" "));

  @Test
  void lossesAreOneMinusTheSimilarityOfTheTextBeforeEos() {
    Batch batch = new Batch(new int[][] {{1}, {1}}, new int[][] {{1, 2, 3, 4, 5, 6, 0}, {1, 2, 3, 0}});
    DecodedBatch decoded = new DecodedBatch(new int[][] {{1, 2, 3, 4, 5, 6, 0}, {1, 7, 3}}, new boolean[] {true, false});
    double[] sbleu = TextSimilarityLoss.sacreBleu(DETOK, 0).perSequence(batch, decoded);
    assertEquals(1 - 100.00000000000004 / 100, sbleu[0]);
    assertEquals(1 - SacreBleu.sentence().score("the cat barked", "the dog barked") / 100, sbleu[1]);
    double[] meteor = TextSimilarityLoss.meteor(DETOK, 0).perSequence(batch, decoded);
    assertEquals(1 - (1 - 0.5 / 216) * 1.0, meteor[0], 1e-15);
    double[] nltk = TextSimilarityLoss.nltkBleu(DETOK, 0, NltkSmoothing.METHOD2).perSequence(batch, decoded);
    assertEquals(0.0, nltk[0], 1e-15);
    assertTrue(nltk[1] > 0 && nltk[1] < 1);
    assertThrows(IllegalArgumentException.class, () -> TextSimilarityLoss.nltkBleu(DETOK, 0, NltkSmoothing.METHOD6));
    assertThrows(NullPointerException.class, () -> TextSimilarityLoss.meteor(null, 0));
  }

  @Property(tries = 200)
  void stringScorersTakeAnyUnicodeAndStayInRange(@ForAll String hyp, @ForAll String ref) {
    double s = SacreBleu.sentence().score(hyp, ref);
    assertTrue(s >= 0 && s <= 100.00000000000004, "sacrebleu " + s);
    String[] h = io.github.mgs4j.losses.text.PythonWhitespace.split(hyp);
    String[] r = io.github.mgs4j.losses.text.PythonWhitespace.split(ref);
    double m = io.github.mgs4j.losses.meteor.Meteor.nltk().score(h, r);
    assertTrue(m >= 0 && m <= 1, "meteor " + m);
    double b = new io.github.mgs4j.losses.bleu.NltkBleu(NltkSmoothing.METHOD1).score(h, r);
    assertTrue(b >= 0 && b <= 1 + 1e-15, "nltk " + b);
    assertEquals(io.github.mgs4j.losses.edit.Levenshtein.codePointDistance(hyp, ref),
        io.github.mgs4j.losses.edit.Levenshtein.codePointDistance(ref, hyp));
  }

  @Property(tries = 200)
  void identicalStringsScoreTheMaximum(@ForAll String text) {
    String[] t = io.github.mgs4j.losses.text.PythonWhitespace.split(text);
    if (t.length > 0) {
      assertEquals(100.00000000000004, SacreBleu.sentence().score(text, text), 1e-9);
      assertEquals(1 - 0.5 / Math.pow(t.length, 3), io.github.mgs4j.losses.meteor.Meteor.nltk().score(t, t), 1e-12);
    } else {
      assertEquals(0.0, SacreBleu.sentence().score(text, text));
    }
    assertEquals(0, io.github.mgs4j.losses.edit.Levenshtein.distance(t, t.clone()));
  }
}
