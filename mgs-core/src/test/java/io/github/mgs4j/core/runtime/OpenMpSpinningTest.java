package io.github.mgs4j.core.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class OpenMpSpinningTest {

  @Test
  void onceTheEngineHasLoadedOpenMpItIsTooLateAndNothingIsChanged() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.ones(new ai.djl.ndarray.types.Shape(64, 64)).matMul(manager.ones(new ai.djl.ndarray.types.Shape(64, 64)));
    }
    if (NativeAllocator.isGlibc()) {
      // DJL's CPU libtorch links GNU libgomp.
      assertTrue(OpenMpSpinning.openMpLoaded(), "libgomp should be mapped once the engine has run");
    }
    assertFalse(OpenMpSpinning.limit(), "setting GOMP_SPINCOUNT now would have no effect");
  }
}
