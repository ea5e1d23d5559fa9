package io.github.mgs4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionOptionsTest {

  /** {@code auto} spreads replicas over the GPUs only when there are several; one GPU or none keeps them home. */
  @Test
  void autoPlacesOneReplicaPerGpuOnlyWhenThereAreSeveral() {
    assertEquals(List.of(), ExecutionOptions.replicaDevices("auto", 0));
    assertEquals(List.of(), ExecutionOptions.replicaDevices("auto", 1));
    assertEquals(List.of("gpu0", "gpu1", "gpu2"), ExecutionOptions.replicaDevices("auto", 3));
    assertEquals(List.of(), ExecutionOptions.replicaDevices("none", 4));
    assertEquals(List.of("gpu1", "gpu0", "cpu"), ExecutionOptions.replicaDevices("gpu1, gpu0,cpu", 0));
  }

  @Test
  void anUnknownDeviceIsNamed() {
    for (String option : List.of("tpu0", "gpu", "gpu0,", "gpu-1")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ExecutionOptions.replicaDevices(option, 2));
      assertTrue(e.getMessage().startsWith("--replica-devices: '"), e.getMessage());
    }
  }
}
