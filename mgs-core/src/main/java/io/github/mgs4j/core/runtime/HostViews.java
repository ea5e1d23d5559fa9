package io.github.mgs4j.core.runtime;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Float views of arrays' native memory that Java code can read and write in place: on CPU the PyTorch engine
 * hands out a direct buffer over a dense, contiguous float32 tensor's own storage
 * ({@link NDArray#toByteBuffer(boolean) toByteBuffer(true)}); for anything else it would hand out a copy, and
 * writes to a copy would be lost. So the first time a set of arrays is viewed, every view is checked with a
 * write probe: one element's lowest bit is flipped through the view, read back through the engine and
 * restored. Arrays that fail (a GPU's, a non-contiguous or sparse one, float16) get no views, and the caller
 * (a candidate's perturbation, the optimizer) runs engine operations instead.
 */
public final class HostViews {
  private HostViews() {}

  /**
   * The views of the arrays, or null when any of them cannot be written in place.
   *
   * @param arrays the arrays (e.g. the parameters, or their gradients)
   * @param probe whether to check each view with a write probe (once per set of arrays: a failed probe on a
   *     non-contiguous array leaves a contiguous copy in its manager)
   * @return one view per array, positioned at 0, or null
   */
  public static List<FloatBuffer> of(List<NDArray> arrays, boolean probe) {
    List<FloatBuffer> views = new ArrayList<>(arrays.size());
    for (NDArray a : arrays) {
      if (!eligible(a)) {
        return null;
      }
      if (a.size() == 0) {
        views.add(FloatBuffer.allocate(0));
        continue;
      }
      ByteBuffer bytes = a.toByteBuffer(true);
      if (!bytes.isDirect() || bytes.capacity() != a.size() * Float.BYTES) {
        return null;
      }
      FloatBuffer view = bytes.order(ByteOrder.nativeOrder()).asFloatBuffer();
      if (probe && !writesThrough(a, view)) {
        return null;
      }
      views.add(view);
    }
    return views;
  }

  private static boolean eligible(NDArray a) {
    return Device.Type.CPU.equals(a.getDevice().getDeviceType())
        && a.getDataType() == DataType.FLOAT32
        && !a.isSparse()
        && a.size() * Float.BYTES <= Integer.MAX_VALUE;
  }

  /** Flips the lowest bit of element 0 through the view, reads it through the engine, restores it. */
  private static boolean writesThrough(NDArray a, FloatBuffer view) {
    float original = view.get(0);
    int flipped = Float.floatToRawIntBits(original) ^ 1;
    view.put(0, Float.intBitsToFloat(flipped));
    try (NDArray flat = a.reshape(-1);
        NDArray first = flat.get(0)) {
      return Float.floatToRawIntBits(first.getFloat()) == flipped;
    } finally {
      view.put(0, original);
    }
  }
}
