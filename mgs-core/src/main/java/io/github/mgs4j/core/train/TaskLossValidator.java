package io.github.mgs4j.core.train;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.Decoder;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.BatchFingerprint;
import io.github.mgs4j.core.model.SequenceModel;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The validation task loss: decode every validation example and average {@code c(Ŷ, Y)} over examples. */
public final class TaskLossValidator implements Validator {
  private final List<Batch> batches;
  private final TaskLoss taskLoss;
  private final Decoder decoder;
  private final DecodeLength decodeLength;

  /**
   * Creates the validator.
   *
   * @param batches the validation batches (at least one)
   * @param taskLoss the loss
   * @param decoder the decoder (greedy in the paper)
   * @param decodeLength the decode length rule
   */
  public TaskLossValidator(List<Batch> batches, TaskLoss taskLoss, Decoder decoder, DecodeLength decodeLength) {
    this.batches = List.copyOf(Objects.requireNonNull(batches, "batches"));
    if (this.batches.isEmpty()) {
      throw new IllegalArgumentException("no validation batches");
    }
    this.taskLoss = Objects.requireNonNull(taskLoss, "taskLoss");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.decodeLength = Objects.requireNonNull(decodeLength, "decodeLength");
  }

  @Override
  public void requireCompatibleWith(SequenceModel model) {
    for (int b = 0; b < batches.size(); b++) {
      batches.get(b).requireCompatibleWith(model, "validation batch " + b);
      decodeLength.requireFits(model, batches.get(b), "validation batch " + b);
    }
  }

  @Override
  public Map<String, String> identity() {
    return Map.of(
        "task_loss", taskLoss.name(),
        "decoder", decoder.toString(),
        "decode_length", decodeLength.toString(),
        "data_sha256", BatchFingerprint.of(batches));
  }

  @Override
  public double validate(SequenceModel model, NDManager scope) {
    double sum = 0;
    long count = 0;
    for (Batch batch : batches) {
      try (NDManager local = scope.newSubManager()) {
        DecodedBatch decoded = decoder.decode(model, batch.contexts(), decodeLength.maxNewTokens(batch), local);
        sum += taskLoss.pooled(batch, decoded) * batch.size();
        count += batch.size();
      }
    }
    return sum / count;
  }
}
