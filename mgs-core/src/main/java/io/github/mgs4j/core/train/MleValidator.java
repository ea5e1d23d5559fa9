package io.github.mgs4j.core.train;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.BatchFingerprint;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validation MLE loss: mean token NLL over all validation target tokens (dropout off), from
 * {@link SequenceModel#continuationLogProbability}, so it measures the continuations whichever tokens the
 * model's training loss covers; {@code exp} of it is the perplexity on the continuations.
 */
public final class MleValidator implements Validator {
  private final List<Batch> batches;

  /**
   * Creates the validator.
   *
   * @param batches the validation batches (at least one)
   */
  public MleValidator(List<Batch> batches) {
    this.batches = List.copyOf(Objects.requireNonNull(batches, "batches"));
    if (this.batches.isEmpty()) {
      throw new IllegalArgumentException("no validation batches");
    }
  }

  @Override
  public void requireCompatibleWith(SequenceModel model) {
    for (int b = 0; b < batches.size(); b++) {
      batches.get(b).requireCompatibleWith(model, "validation batch " + b);
    }
  }

  @Override
  public Map<String, String> identity() {
    return Map.of("loss", "token NLL", "data_sha256", BatchFingerprint.of(batches));
  }

  @Override
  public double validate(SequenceModel model, NDManager scope) {
    double sum = 0;
    long tokens = 0;
    for (Batch batch : batches) {
      try (NDManager local = scope.newSubManager()) {
        for (double logProbability : model.continuationLogProbability(local, batch.contexts(), batch.targets())) {
          sum -= logProbability;
        }
        tokens += batch.targetTokenCount();
      }
    }
    return sum / tokens;
  }
}
