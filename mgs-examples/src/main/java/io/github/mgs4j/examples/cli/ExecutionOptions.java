package io.github.mgs4j.examples.cli;

import ai.djl.engine.Engine;
import io.github.mgs4j.core.execution.DirectionStorage;
import io.github.mgs4j.examples.experiment.MgsRun;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options that change an MGS step's speed and memory but not its result, shared by {@code mgs} and
 * {@code bench}: candidate replicas and their devices, MLE micro-batches, how the update direction is stored
 * and whether freed native memory is released.
 */
public final class ExecutionOptions {
  private static final Pattern DEVICE = Pattern.compile("cpu|gpu\\d+");

  @Option(names = "--replicas", defaultValue = "0", description = "Model replicas decoding candidates "
      + "concurrently on worker threads (0 = perturb in place, no copy, unless --replica-devices places "
      + "replicas; default: ${DEFAULT-VALUE}).")
  int replicas;

  @Option(names = "--replica-devices", defaultValue = "auto", description = "Where the replicas live: auto "
      + "(one replica per GPU when more than one GPU is visible, else the model's device), none (the model's "
      + "device), or DJL device names such as gpu0,gpu1 (replicas spread round robin; with --replicas 0, one "
      + "per device; default: ${DEFAULT-VALUE}).")
  String replicaDevices;

  @Option(names = "--mle-micro-batch", defaultValue = "0", description = "Rows per MLE forward/backward pass, "
      + "to bound activation memory (0 = the whole batch; default: ${DEFAULT-VALUE}).")
  int mleMicroBatch;

  @Option(names = "--directions", defaultValue = "AUTO", description = "How the update direction is "
      + "built: ACCUMULATOR (a parameter-sized buffer), REGENERATED (candidates redrawn from their seeds into "
      + "the gradient storage: one buffer less, K more noise draws per step) or AUTO (the accumulator for "
      + "models of at most 64 MiB, else REGENERATED; default: ${DEFAULT-VALUE}).")
  DirectionStorage directions;

  @Option(names = "--release-memory", description = "Hand the native heap's free memory back to the system "
      + "after each MLE backward pass (glibc's malloc_trim): a lower peak with --mle-micro-batch, a slightly "
      + "slower step.")
  boolean releaseMemory;

  /**
   * The settings, validated.
   *
   * @throws IllegalArgumentException naming the option when a count is negative
   */
  public MgsRun.Execution execution() {
    requireNonNegative("--replicas", replicas);
    requireNonNegative("--mle-micro-batch", mleMicroBatch);
    List<String> devices = replicaDevices(replicaDevices, replicaDevices.equals("auto") ? gpuCount() : 0);
    int count = replicas == 0 ? devices.size() : replicas;
    return new MgsRun.Execution(count, devices, mleMicroBatch, directions, releaseMemory);
  }

  /**
   * The device names {@code --replica-devices} stands for.
   *
   * @param option the option's value
   * @param gpus the number of visible GPUs (read only for {@code auto})
   * @return the names, in order; empty for the model's device
   * @throws IllegalArgumentException naming a device that is not {@code cpu} or {@code gpuN}
   */
  static List<String> replicaDevices(String option, int gpus) {
    if (option.equals("auto")) {
      List<String> all = new ArrayList<>();
      for (int g = 0; gpus > 1 && g < gpus; g++) {
        all.add("gpu" + g);
      }
      return all;
    }
    if (option.equals("none")) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String name : option.split(",", -1)) {
      String device = name.strip();
      if (!DEVICE.matcher(device).matches()) {
        throw new IllegalArgumentException("--replica-devices: '" + device + "' is not a device (cpu, gpu0, "
            + "gpu1, ...), auto or none");
      }
      names.add(device);
    }
    return names;
  }

  private static int gpuCount() {
    return Engine.getInstance().getGpuCount();
  }

  private static void requireNonNegative(String option, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must be at least 0, got " + value);
    }
  }
}
