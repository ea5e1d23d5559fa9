package io.github.mgs4j.examples.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The memory figures of a benchmark run, from resident-set readings around the MGS steps.
 *
 * <p>Readings: {@code rssBefore} after the model is loaded and before any MGS step; {@code rssAfterWarmup}
 * after the warm-up step, when gradients, optimizer state and the buffers MGS holds across steps exist;
 * {@code peak}, the highest VmHWM read right after a measured step, VmHWM having been reset just before it (so
 * the floor's own passes between steps do not count). When the peak could be reset, {@code peak −
 * rssAfterWarmup} is what the measured steps needed on top of that (decode caches, activations of the MLE
 * backward, per-step search buffers, noise blocks): the step's transient memory — an undercount when the
 * allocator kept memory freed by the warm-up step (per-step buffers, activations) resident. The stricter
 * figure, {@code peak − rssBefore − gradients − optimizer state}, counts everything the MGS steps made
 * resident, that retained memory and the JVM heap's growth included: compare that one with a target.
 *
 * @param parameterBytes the parameters' bytes
 * @param heldBufferBytes the buffers MGS holds across steps: the replicas, plus the snapshot in place and the
 *     accumulator (unless directions are regenerated) when they are persistent
 * @param optimizerStateBytes the optimizer state's bytes
 * @param rssBefore resident bytes before the first MGS step
 * @param rssAfterWarmup resident bytes after the warm-up step
 * @param peak the peak resident bytes over the measured steps (if {@code peakReset}; else VmHWM at the end)
 * @param peakReset whether the peak could be reset before every measured step
 */
record MemoryFigures(
    long parameterBytes,
    long heldBufferBytes,
    long optimizerStateBytes,
    long rssBefore,
    long rssAfterWarmup,
    long peak,
    boolean peakReset) {

  /** The measured steps' transient bytes, or −1 when the peak could not be reset. */
  long stepTransientBytes() {
    return peakReset && peak >= 0 && rssAfterWarmup >= 0 ? Math.max(0, peak - rssAfterWarmup) : -1;
  }

  /**
   * (held buffers + step transient) / parameter bytes: the peak beyond parameters, gradients and
   * optimizer state, in parameter sizes; NaN when the transient is unknown.
   */
  double beyondModelOverParameterBytes() {
    long transientBytes = stepTransientBytes();
    return transientBytes < 0 ? Double.NaN : (double) (heldBufferBytes + transientBytes) / parameterBytes;
  }

  /**
   * (peak − resident bytes before MGS − gradients − optimizer state) / parameter bytes: everything the MGS
   * steps made resident beyond the training state, allocator retention included; NaN when unknown.
   */
  double peakGrowthOverParameterBytes() {
    if (peak < 0 || rssBefore < 0) {
      return Double.NaN;
    }
    return (double) (peak - rssBefore - parameterBytes - optimizerStateBytes) / parameterBytes;
  }

  /** Adds the figures to a JSON result. */
  void writeTo(ObjectNode result) {
    result.put("parameter_bytes", parameterBytes);
    result.put("gradient_bytes", parameterBytes);
    result.put("optimizer_state_bytes", optimizerStateBytes);
    result.put("held_buffer_bytes", heldBufferBytes);
    result.put("rss_before_mgs_bytes", rssBefore);
    result.put("rss_after_warmup_bytes", rssAfterWarmup);
    result.put("peak_rss_bytes", peak);
    result.put("peak_reset_after_warmup", peakReset);
    result.put("step_transient_bytes", stepTransientBytes());
    result.put("peak_beyond_model_over_parameter_bytes", beyondModelOverParameterBytes());
    result.put("peak_growth_beyond_model_state_over_parameter_bytes", peakGrowthOverParameterBytes());
  }
}
