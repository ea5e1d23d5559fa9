package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.github.mgs4j.core.io.MalformedFileException;

/**
 * One pre-LayerNorm transformer block {@code h.<i>}: {@code x + attn(ln_1(x))}, then
 * {@code x + mlp(ln_2(x))} with {@code mlp = c_proj(gelu_new(c_fc(·)))}.
 *
 * <p>The block holds its twelve {@link Parameter}s (Hugging Face names and Conv1D (in, out) layout) and
 * reads their arrays on every call, so in-place perturbation of the parameters is always seen.
 */
final class Gpt2Block {
  private final Gpt2Config config;
  private final Gpt2Ops ops;
  private final int index;
  private final Parameter ln1Weight;
  private final Parameter ln1Bias;
  private final Parameter attnWeight;
  private final Parameter attnBias;
  private final Parameter attnProjWeight;
  private final Parameter attnProjBias;
  private final Parameter ln2Weight;
  private final Parameter ln2Bias;
  private final Parameter fcWeight;
  private final Parameter fcBias;
  private final Parameter mlpProjWeight;
  private final Parameter mlpProjBias;

  /**
   * Creates block {@code index}, appending its parameters to {@code registry} in Hugging Face order.
   */
  Gpt2Block(
      Gpt2Config config,
      Gpt2Ops ops,
      int index,
      Gpt2WeightSource source,
      NDManager manager,
      PairList<String, Parameter> registry)
      throws MalformedFileException {
    this.config = config;
    this.ops = ops;
    this.index = index;
    ParameterFactory f = new ParameterFactory("h." + index + ".", source, manager, registry);
    long e = config.nEmbd();
    long inner = config.nInner();
    ln1Weight = f.create("ln_1.weight", Parameter.Type.GAMMA, e);
    ln1Bias = f.create("ln_1.bias", Parameter.Type.BETA, e);
    attnWeight = f.create("attn.c_attn.weight", Parameter.Type.WEIGHT, e, 3 * e);
    attnBias = f.create("attn.c_attn.bias", Parameter.Type.BIAS, 3 * e);
    attnProjWeight = f.create("attn.c_proj.weight", Parameter.Type.WEIGHT, e, e);
    attnProjBias = f.create("attn.c_proj.bias", Parameter.Type.BIAS, e);
    ln2Weight = f.create("ln_2.weight", Parameter.Type.GAMMA, e);
    ln2Bias = f.create("ln_2.bias", Parameter.Type.BETA, e);
    fcWeight = f.create("mlp.c_fc.weight", Parameter.Type.WEIGHT, e, inner);
    fcBias = f.create("mlp.c_fc.bias", Parameter.Type.BIAS, inner);
    mlpProjWeight = f.create("mlp.c_proj.weight", Parameter.Type.WEIGHT, inner, e);
    mlpProjBias = f.create("mlp.c_proj.bias", Parameter.Type.BIAS, e);
  }

  /**
   * Applies the block.
   *
   * @param x the residual stream (B, T, E)
   * @param bias the additive attention mask, or null
   * @param cache the KV cache to extend, or null
   * @param training whether dropout is on
   * @return the new residual stream (B, T, E)
   */
  NDArray forward(NDArray x, NDArray bias, Gpt2KvCache cache, boolean training) {
    double eps = config.layerNormEpsilon();
    NDArray normedIn = Gpt2Ops.layerNorm(x, ln1Weight.getArray(), ln1Bias.getArray(), eps);
    NDArray attended = Gpt2Attention.forward(normedIn, this, bias, cache, training);
    NDArray h = x.add(attended);
    Gpt2Ops.release(normedIn, attended);
    NDArray normed = Gpt2Ops.layerNorm(h, ln2Weight.getArray(), ln2Bias.getArray(), eps);
    NDArray preActivation = Gpt2Ops.conv1d(normed, fcWeight.getArray(), fcBias.getArray());
    NDArray hidden = ops.geluNew(preActivation);
    Gpt2Ops.release(normed, preActivation);
    NDArray mlp = Gpt2Ops.dropout(
        Gpt2Ops.conv1d(hidden, mlpProjWeight.getArray(), mlpProjBias.getArray()), config.residPdrop(), training);
    NDArray out = h.add(mlp);
    Gpt2Ops.release(hidden, mlp, h);
    return out;
  }

  Gpt2Config config() {
    return config;
  }

  Gpt2Ops ops() {
    return ops;
  }

  int index() {
    return index;
  }

  Parameter attnWeight() {
    return attnWeight;
  }

  Parameter attnBias() {
    return attnBias;
  }

  Parameter attnProjWeight() {
    return attnProjWeight;
  }

  Parameter attnProjBias() {
    return attnProjBias;
  }

  /** Creates named parameters from a weight source and records them in order. */
  static final class ParameterFactory {
    private final String prefix;
    private final Gpt2WeightSource source;
    private final NDManager manager;
    private final PairList<String, Parameter> registry;

    ParameterFactory(
        String prefix,
        Gpt2WeightSource source,
        NDManager manager,
        PairList<String, Parameter> registry) {
      this.prefix = prefix;
      this.source = source;
      this.manager = manager;
      this.registry = registry;
    }

    /** Creates {@code prefix + name} with gradients attached and registers it. */
    Parameter create(String name, Parameter.Type type, long... shape)
        throws MalformedFileException {
      String fullName = prefix + name;
      NDArray created = source.create(fullName, new Shape(shape), manager);
      // Copy into torch-allocated (aligned, huge-page) memory: arrays wrapping Java direct buffers make the
      // decoding matmuls markedly slower.
      NDArray array = created.duplicate();
      created.close();
      array.setName(fullName);
      array.setRequiresGradient(true);
      Parameter parameter =
          Parameter.builder().setName(fullName).setType(type).optArray(array).build();
      registry.add(fullName, parameter);
      return parameter;
    }
  }
}
