package io.github.mgs4j.losses.edit;

import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import java.util.Arrays;

/**
 * The authors' edit-distance task loss on token ids: hypothesis and target are both cut after their first
 * EOS (the EOS kept), and the loss is {@code Levenshtein(Ŷ, Y) / |Y|}, clipped at 1 in the GPT-2 setting
 * ({@code seq_level/gpt2/guided/utils.py::task_distance}) and unclipped in their MT code.
 */
public final class EditDistanceLoss implements TaskLoss {
  private final int eosId;
  private final boolean clipAtOne;

  /**
   * Creates the loss.
   *
   * @param eosId the EOS id at which sequences are cut
   * @param clipAtOne whether the normalised distance is capped at 1 (GPT-2 setting)
   */
  public EditDistanceLoss(int eosId, boolean clipAtOne) {
    this.eosId = eosId;
    this.clipAtOne = clipAtOne;
  }

  /** {@code edit} (clipped at 1, the GPT-2 form) or {@code edit-raw} (unclipped, the MT form). */
  @Override
  public String name() {
    return clipAtOne ? "edit" : "edit-raw";
  }

  /** The normalised distance of one pair. */
  public double loss(int[] hypothesis, int[] target) {
    int[] y = cutAfterEos(target, eosId);
    if (y.length == 0) {
      throw new IllegalArgumentException("empty target: the edit distance is normalised by |Y|");
    }
    double d = (double) Levenshtein.distance(cutAfterEos(hypothesis, eosId), y) / y.length;
    return clipAtOne ? Math.min(d, 1.0) : d;
  }

  @Override
  public double[] perSequence(Batch batch, DecodedBatch decoded) {
    double[] out = new double[batch.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = loss(decoded.tokens(i), batch.target(i));
    }
    return out;
  }

  /** The prefix of {@code ids} up to and including the first EOS (all of it if there is none). */
  public static int[] cutAfterEos(int[] ids, int eosId) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == eosId) {
        return Arrays.copyOf(ids, i + 1);
      }
    }
    return ids.clone();
  }
}
