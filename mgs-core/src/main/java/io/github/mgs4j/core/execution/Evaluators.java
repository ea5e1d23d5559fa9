package io.github.mgs4j.core.execution;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.github.mgs4j.core.model.ReplicableModel;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.search.CandidateEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The candidate evaluators mgs-core provides (see {@link CandidateEvaluator} for the contract). */
public final class Evaluators {
  private Evaluators() {}

  /**
   * The default: one replica per GPU when the model lives on a GPU, several GPUs are visible and the model is
   * a {@link ReplicableModel}; otherwise {@link #inPlace()}.
   */
  public static CandidateEvaluator.Factory auto() {
    return new Auto();
  }

  /** Candidates one after the other on the model itself, θ restored from a snapshot. */
  public static CandidateEvaluator.Factory inPlace() {
    return new InPlace();
  }

  /**
   * Candidates decoded concurrently on {@code count} replicas of the model, one worker thread each, on the
   * model's device.
   *
   * @param count R ≥ 1
   */
  public static CandidateEvaluator.Factory replicas(int count) {
    return replicas(count, List.of());
  }

  /**
   * Candidates decoded concurrently on {@code count} replicas spread round robin over {@code devices}.
   *
   * @param count R ≥ 1
   * @param devices the devices (empty: the model's)
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public static CandidateEvaluator.Factory replicas(int count, List<Device> devices) {
    return new Replicas(count, devices, false);
  }

  /**
   * Replicas that copy their candidates back and forth as if they lived on another device than the model,
   * even when they do not: lets the cross-device path run on a machine with one device.
   */
  static CandidateEvaluator.Factory replicasCopyingAcrossDevices(int count) {
    return new Replicas(count, List.of(), true);
  }

  private record InPlace() implements CandidateEvaluator.Factory {
    @Override
    public CandidateEvaluator create(SequenceModel model, TrainableParameters parameters) {
      return new InPlaceEvaluator(model);
    }

    @Override
    public String toString() {
      return "in place";
    }
  }

  private record Replicas(int count, List<Device> devices, boolean remoteAlways)
      implements CandidateEvaluator.Factory {
    Replicas {
      devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
      if (count < 1) {
        throw new IllegalArgumentException("candidate replicas must be >= 1, got " + count
            + (devices.isEmpty() ? "" : " for the devices " + devices));
      }
    }

    @Override
    public CandidateEvaluator create(SequenceModel model, TrainableParameters parameters) {
      return new ReplicaEvaluator(model, parameters, count, devices, remoteAlways);
    }

    @Override
    public int replicas() {
      return count;
    }

    @Override
    public String toString() {
      return "replicas(" + count + (devices.isEmpty() ? "" : ", devices=" + devices) + ")";
    }
  }

  private record Auto() implements CandidateEvaluator.Factory {
    @Override
    public CandidateEvaluator create(SequenceModel model, TrainableParameters parameters) {
      Device home = parameters.array(0).getDevice();
      if (home.isGpu() && model instanceof ReplicableModel) {
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus > 1) {
          List<Device> all = new ArrayList<>();
          for (int g = 0; g < gpus; g++) {
            all.add(Device.gpu(g));
          }
          return new ReplicaEvaluator(model, parameters, gpus, all, false);
        }
      }
      return new InPlaceEvaluator(model);
    }

    @Override
    public String toString() {
      return "auto";
    }
  }
}
