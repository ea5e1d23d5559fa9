package io.github.mgs4j.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class ProcessTuningTest {

  /**
   * The one opt-in call applies the allocator threshold where there is glibc (and no threshold in the
   * environment) and the JIT directive on HotSpot; OpenMP's spin count cannot be set any more once the engine
   * is loaded, which the test JVM's earlier tests have done or not: either way it is reported, not failed.
   */
  @Test
  void applyReportsWhatItChanged() throws Exception {
    ProcessTuning.Applied applied = ProcessTuning.apply();
    boolean glibc = NativeAllocator.isGlibc() && System.getenv("MALLOC_MMAP_THRESHOLD_") == null;
    assertEquals(glibc, applied.mmapThreshold());
    boolean hotSpot = ManagementFactory.getPlatformMBeanServer()
        .isRegistered(new ObjectName("com.sun.management:type=DiagnosticCommand"));
    assertEquals(hotSpot, applied.jitInlining());
    if (OpenMpSpinning.openMpLoaded()) {
      assertFalse(applied.openMpSpinning(), "too late once libgomp is loaded");
    }
  }
}
