package io.github.mgs4j.examples.gpt2;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoding step as one call of a TorchScript module on the PyTorch engine ({@code decode_step.pt}, built by
 * {@code mgs-examples/scripts/torchscript/build_gpt2_decode_step.py}).
 *
 * <p>The module holds no weights: the model's parameter arrays, the KV cache, the step's inputs and {@link
 * Gpt2Ops}' constants are its arguments, so it serves every GPT-2 checkpoint and sees in-place perturbations. It
 * runs the operations of {@link NdArrayDecodeStep} in the same order, with the same kernels; what it saves is the
 * cost of one Java-to-engine call per operation (about thirty per block and token).
 */
final class ScriptedDecodeStep implements Gpt2DecodeStep {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptedDecodeStep.class);
  private static final String RESOURCE = "decode_step.pt";

  private final PtSymbolBlock module;

  private ScriptedDecodeStep(PtSymbolBlock module) {
    this.module = module;
  }

  /** The step, loaded once per process; null when the engine is not PyTorch or cannot load the module. */
  static ScriptedDecodeStep loaded() {
    return Holder.STEP;
  }

  @Override
  public NDArray logits(Gpt2Model model, NDArray ids, NDArray positions, NDArray keyBias, Gpt2KvCache cache) {
    if (!(ids instanceof PtNDArray)) {
      return NdArrayDecodeStep.INSTANCE.logits(model, ids, positions, keyBias, cache);
    }
    PtNDManager manager = (PtNDManager) ids.getManager();
    Gpt2Config config = model.config();
    Gpt2Ops ops = model.ops();
    List<IValue> arguments = new ArrayList<>();
    try {
      arguments.add(IValue.from((PtNDArray) ids));
      arguments.add(IValue.from((PtNDArray) positions));
      if (keyBias != null) {
        arguments.add(IValue.from((PtNDArray) keyBias));
      }
      arguments.add(IValue.listFrom(pt(cache.keys())));
      arguments.add(IValue.listFrom(pt(cache.values())));
      arguments.add(IValue.listFrom(pt(model.parameterArrays())));
      arguments.add(IValue.from((long) config.nHead()));
      arguments.add(IValue.from(config.layerNormEpsilon()));
      arguments.add(IValue.from((PtNDArray) ops.geluLinear()));
      arguments.add(IValue.from((PtNDArray) ops.geluCubic()));
      arguments.add(IValue.from((PtNDArray) ops.queryScale()));
      String method = keyBias == null ? "unpadded" : "forward";
      try (IValue result = IValueUtils.runMethod(module, method, arguments.toArray(new IValue[0]))) {
        IValue[] outputs = result.toIValueTuple();
        try {
          cache.replace(outputs[1].toTensorArray(manager), outputs[2].toTensorArray(manager));
          return outputs[0].toTensor(manager);
        } finally {
          for (IValue output : outputs) {
            output.close();
          }
        }
      }
    } finally {
      for (IValue argument : arguments) {
        argument.close();
      }
    }
  }

  @Override
  public String toString() {
    return "torchscript";
  }

  private static PtNDArray[] pt(NDArray[] arrays) {
    PtNDArray[] out = new PtNDArray[arrays.length];
    for (int i = 0; i < arrays.length; i++) {
      out[i] = (PtNDArray) arrays[i];
    }
    return out;
  }

  /** Loads the module on first use; the module lives as long as the process. */
  private static final class Holder {
    static final ScriptedDecodeStep STEP = load();

    private static ScriptedDecodeStep load() {
      if (!"PyTorch".equals(Engine.getDefaultEngineName())) {
        return null;
      }
      try (InputStream in = ScriptedDecodeStep.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          LOG.debug("{} is not on the class path; decoding runs operation by operation", RESOURCE);
          return null;
        }
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager();
        return new ScriptedDecodeStep(JniUtils.loadModule(manager, in, true, false));
      } catch (IOException | RuntimeException e) {
        LOG.debug("cannot load {}; decoding runs operation by operation", RESOURCE, e);
        return null;
      }
    }
  }
}
