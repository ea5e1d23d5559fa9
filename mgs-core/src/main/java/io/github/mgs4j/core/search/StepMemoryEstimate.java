package io.github.mgs4j.core.search;

import ai.djl.Device;
import io.github.mgs4j.core.execution.DirectionStorage;
import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.OptimizerConfig;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * A lower bound on the native memory an MGS run holds, from the model's size and the configuration:
 * parameters and gradients, the optimizer's moments, the search buffers (the snapshot, or the replicas, and
 * the accumulator when directions are accumulated). Activations of the decode and of the MLE backward pass
 * come on top. {@link #requireFitsInMemory(Device)} refuses, before any work, a configuration whose bound already
 * exceeds the machine's memory.
 *
 * @param parameterBytes the parameters' bytes (the gradients take as many)
 * @param optimizerBytes the optimizer's moment arrays
 * @param searchBufferBytes the snapshot and the accumulator
 * @param replicaBytes the candidate replicas
 */
public record StepMemoryEstimate(
    long parameterBytes, long optimizerBytes, long searchBufferBytes, long replicaBytes) {

  /**
   * The estimate for a model's parameters under a configuration.
   *
   * @param parameters the model's parameters
   * @param config the hyper-parameters (the optimizer's state)
   * @param execution how the step runs (replicas, direction storage)
   * @return the lower bound, term by term
   */
  public static StepMemoryEstimate of(TrainableParameters parameters, MgsConfig config, ExecutionConfig execution) {
    long bytes = parameters.bytes();
    int moments = config.optimizer().kind() == OptimizerConfig.Kind.SGD ? 0 : 2;
    int replicas = execution.evaluator().replicas();
    boolean accumulator = execution.directionStorage().resolve(bytes, true) == DirectionStorage.ACCUMULATOR;
    boolean snapshot = replicas == 0;
    long search = bytes * ((snapshot ? 1 : 0) + (accumulator ? 1 : 0));
    return new StepMemoryEstimate(bytes, moments * bytes, search, bytes * (long) replicas);
  }

  /** The total: parameters, gradients, optimizer state, search buffers and replicas. */
  public long totalBytes() {
    return 2 * parameterBytes + optimizerBytes + searchBufferBytes + replicaBytes;
  }

  /**
   * Refuses a configuration whose bound exceeds the physical memory of this machine (checked on CPU only,
   * where parameters live in host memory).
   *
   * @param device the device holding the parameters
   * @throws IllegalArgumentException naming the terms, the total and the machine's memory
   */
  public void requireFitsInMemory(Device device) {
    if (!Device.Type.CPU.equals(device.getDeviceType())) {
      return;
    }
    long available =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    if (totalBytes() > available) {
      throw new IllegalArgumentException(String.format(
          Locale.ROOT,
          "an MGS step needs at least %.2f GiB (parameters and gradients %.2f, optimizer state %.2f, search"
              + " buffers %.2f, replicas %.2f) but this machine has %.2f GiB: use fewer candidate replicas,"
              + " regenerated directions or a smaller model",
          gib(totalBytes()), gib(2 * parameterBytes), gib(optimizerBytes), gib(searchBufferBytes),
          gib(replicaBytes), gib(available)));
    }
  }

  private static double gib(long bytes) {
    return bytes / (double) (1L << 30);
  }
}
