package io.github.mgs4j.core.sequence;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.BatchFingerprint;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.train.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The expected task loss under ancestral sampling, E_{Ŷ∼p_θ(·|X)}[c(Ŷ, Y)], estimated with {@code samples}
 * samples per validation example: the objective policy gradient minimises. Every validation draws with the same
 * seed, so two validations differ by the parameters, not by sampling noise (common random numbers).
 */
public final class SampledTaskLossValidator implements Validator {
  private final List<Batch> batches;
  private final TaskLoss taskLoss;
  private final SequenceSampler sampler;
  private final long seed;

  /**
   * Creates the validator.
   *
   * @param batches the validation batches (at least one)
   * @param taskLoss the loss
   * @param samples samples per example, ≥ 1
   * @param decodeLength the decode length rule
   * @param seed the seed of every validation's samples
   */
  public SampledTaskLossValidator(
      List<Batch> batches, TaskLoss taskLoss, int samples, DecodeLength decodeLength, long seed) {
    this.batches = List.copyOf(Objects.requireNonNull(batches, "batches"));
    if (this.batches.isEmpty()) {
      throw new IllegalArgumentException("no validation batches");
    }
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    }
    this.taskLoss = Objects.requireNonNull(taskLoss, "taskLoss");
    this.sampler = new SequenceSampler(samples, 0, false, false, decodeLength);
    this.seed = seed;
  }

  @Override
  public void requireCompatibleWith(SequenceModel model) {
    for (int b = 0; b < batches.size(); b++) {
      batches.get(b).requireCompatibleWith(model, "validation batch " + b);
      sampler.decodeLength().requireFits(model, batches.get(b), "validation batch " + b);
    }
  }

  @Override
  public Map<String, String> identity() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("task_loss", taskLoss.name());
    fields.put("decoder", "sampling(temperature=1.0)");
    fields.put("samples", String.valueOf(sampler.samples()));
    fields.put("decode_length", sampler.decodeLength().toString());
    fields.put("seed", String.valueOf(seed));
    fields.put("data_sha256", BatchFingerprint.of(batches));
    return fields;
  }

  @Override
  public double validate(SequenceModel model, NDManager scope) {
    double sum = 0;
    long count = 0;
    for (int b = 0; b < batches.size(); b++) {
      try (NDManager local = scope.newSubManager()) {
        SampledSequences s = sampler.sample(model, batches.get(b), taskLoss, SeedStream.derive(seed, b), local);
        sum += s.meanDecodedCost() * s.rows();
        count += s.rows();
      }
    }
    return sum / count;
  }
}
