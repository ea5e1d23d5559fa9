package io.github.mgs4j.examples.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.github.mgs4j.core.io.AtomicFiles;
import io.github.mgs4j.core.io.MalformedFileException;
import io.github.mgs4j.core.io.SafetensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Hugging Face GPT-2 checkpoint directories: {@code config.json} + {@code model.safetensors}, as written by
 * transformers' {@code save_pretrained(..., safe_serialization=True)} and as downloaded from the hub.
 *
 * <p>Loading accepts tensor names with or without the {@code transformer.} prefix, F32/F16/BF16/F64 data
 * (converted to float32), ignores the {@code attn.bias}/{@code attn.masked_bias} buffers and a tied
 * {@code lm_head.weight}, and checks every tensor's presence and shape. Saving writes the parameters under
 * their unprefixed names (like the hub's {@code gpt2}) in float32, each file atomically, so transformers'
 * {@code GPT2LMHeadModel.from_pretrained} reads the directory back. The tokenizer files are not handled
 * here.
 */
public final class Gpt2Checkpoint {
  /** The configuration file name. */
  public static final String CONFIG_FILE = "config.json";

  /** The weights file name. */
  public static final String WEIGHTS_FILE = "model.safetensors";

  private static final String PREFIX = "transformer.";
  private static final Pattern IGNORED =
      Pattern.compile("(transformer\\.)?(h\\.\\d+\\.attn\\.(bias|masked_bias)|lm_head\\.weight)");

  private Gpt2Checkpoint() {}

  /**
   * Loads a checkpoint directory.
   *
   * @param dir the directory holding {@code config.json} and {@code model.safetensors}
   * @return the model (the caller closes it)
   * @throws MalformedFileException for a missing or malformed file, an unsupported configuration, or a
   *     missing, misshapen, non-floating or unexpected tensor; the message names the file and tensor or
   *     field
   */
  public static Gpt2Model load(Path dir) throws MalformedFileException {
    return load(dir, UnaryOperator.identity());
  }

  /**
   * Loads a checkpoint directory, adjusting its configuration first (e.g. {@code c -> c.withDropout(0)}).
   *
   * @param dir the directory holding {@code config.json} and {@code model.safetensors}
   * @param adjust maps the file's configuration to the one to use; sizes must not change
   * @return the model (the caller closes it)
   * @throws MalformedFileException as {@link #load(Path)}
   */
  public static Gpt2Model load(Path dir, UnaryOperator<Gpt2Config> adjust)
      throws MalformedFileException {
    if (!Files.isDirectory(dir)) {
      throw new Gpt2CheckpointException(dir + ": checkpoint directory not found");
    }
    Gpt2Config config = adjust.apply(readConfig(dir.resolve(CONFIG_FILE)));
    Path weightsPath = dir.resolve(WEIGHTS_FILE);
    if (!Files.isRegularFile(weightsPath)) {
      String hint =
          Files.exists(dir.resolve("pytorch_model.bin"))
              ? " (only pytorch_model.bin is present: re-save it with save_pretrained(...,"
                  + " safe_serialization=True))"
              : Files.exists(dir.resolve(WEIGHTS_FILE + ".index.json"))
                  ? " (sharded checkpoints are not supported)"
                  : "";
      throw new Gpt2CheckpointException(weightsPath + ": file not found" + hint);
    }
    SafetensorsFile weights = SafetensorsFile.open(weightsPath);
    Set<String> used = new HashSet<>();
    Gpt2Model model =
        new Gpt2Model(config, (name, shape, manager) -> read(weights, name, shape, manager, used));
    Set<String> unexpected = new TreeSet<>(weights.tensors().keySet());
    unexpected.removeAll(used);
    unexpected.removeIf(name -> IGNORED.matcher(name).matches());
    if (!unexpected.isEmpty()) {
      model.close();
      throw new Gpt2CheckpointException(
          weightsPath + ": unexpected tensors for a GPT-2 LM with this config: " + unexpected);
    }
    return model;
  }

  /**
   * Reads and validates a {@code config.json}.
   *
   * @param path the file
   * @return the configuration
   * @throws Gpt2CheckpointException if the file is missing, malformed or unsupported
   */
  public static Gpt2Config readConfig(Path path) throws Gpt2CheckpointException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new Gpt2CheckpointException(path + ": file not found", e);
    } catch (IOException e) {
      throw new Gpt2CheckpointException(path + ": cannot read: " + e, e);
    }
    return Gpt2Config.fromJson(text, path.toString());
  }

  /**
   * Saves a model as {@code config.json} + {@code model.safetensors} (float32), each written atomically.
   *
   * @param model the model
   * @param dir the directory, created if needed
   * @throws IOException if writing fails
   */
  public static void save(Gpt2Model model, Path dir) throws IOException {
    save(model, dir, false);
  }

  /**
   * Saves a model as {@code config.json} + {@code model.safetensors}, each written atomically; the weights
   * as float32, or rounded to float16 (half the size; {@link #load} converts them back to float32).
   *
   * @param model the model
   * @param dir the directory, created if needed
   * @param half whether to store float16
   * @throws IOException if writing fails
   */
  public static void save(Gpt2Model model, Path dir, boolean half) throws IOException {
    Files.createDirectories(dir);
    PairList<String, Parameter> parameters = model.parameters();
    PairList<String, NDArray> tensors = new PairList<>();
    try (NDManager scope = NDManager.newBaseManager()) {
      for (int i = 0; i < parameters.size(); i++) {
        NDArray weights = parameters.valueAt(i).getArray();
        if (half) {
          weights = weights.toType(DataType.FLOAT16, true);
          weights.attach(scope);
        }
        tensors.add(parameters.keyAt(i), weights);
      }
      SafetensorsFile.write(dir.resolve(WEIGHTS_FILE), tensors);
    }
    ByteBuffer config = ByteBuffer.wrap(model.config().toJson().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(
        dir.resolve(CONFIG_FILE),
        channel -> {
          while (config.hasRemaining()) {
            channel.write(config);
          }
        });
  }

  private static NDArray read(
      SafetensorsFile weights, String name, Shape shape, NDManager manager, Set<String> used)
      throws MalformedFileException {
    String stored =
        weights.tensors().containsKey(name)
            ? name
            : weights.tensors().containsKey(PREFIX + name) ? PREFIX + name : null;
    if (stored == null) {
      throw new Gpt2CheckpointException(weights.path() + ": missing tensor " + name);
    }
    Shape actual = weights.tensors().get(stored).shape();
    if (!actual.equals(shape)) {
      throw new Gpt2CheckpointException(
          weights.path() + ": tensor " + stored + " has shape " + actual + " but config.json implies "
              + shape);
    }
    used.add(stored);
    return weights.readFloat32(stored, manager);
  }
}
