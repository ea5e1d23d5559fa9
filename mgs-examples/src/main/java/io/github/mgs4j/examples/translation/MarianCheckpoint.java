package io.github.mgs4j.examples.translation;

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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Hugging Face Marian checkpoint directories: {@code config.json} + {@code model.safetensors}, as transformers'
 * {@code MarianMTModel.save_pretrained} writes them and as opus-mt models are downloaded.
 *
 * <p>Loading reads F32/F16/BF16/F64 tensors (to float32), accepts a shared embedding stored under
 * {@code model.shared.weight} or under either {@code embed_tokens} name, ignores tied copies
 * ({@code lm_head.weight} when tied, the {@code embed_tokens} copies when shared) and the stored
 * {@code embed_positions} tables (positions are recomputed), takes a missing {@code final_logits_bias} as 0 (as
 * transformers does), and checks every other tensor's presence and shape. Saving writes what transformers
 * writes: the parameters under their names, {@code final_logits_bias}, float32 or float16, each file atomically.
 */
public final class MarianCheckpoint {
  /** The configuration file name. */
  public static final String CONFIG_FILE = "config.json";

  /** The weights file name. */
  public static final String WEIGHTS_FILE = "model.safetensors";

  private static final Pattern POSITIONS = Pattern.compile("model\\.(encoder|decoder)\\.embed_positions\\.weight");
  private static final String SHARED = "model.shared.weight";
  private static final String[] EMBEDDING_COPIES = {
    "model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight"
  };

  private MarianCheckpoint() {}

  /**
   * Loads a checkpoint directory.
   *
   * @param dir the directory holding {@code config.json} and {@code model.safetensors}
   * @return the model (the caller closes it)
   * @throws MalformedFileException naming the file and field or tensor for a missing or malformed file, another
   *     architecture, an unsupported configuration, or a missing, misshapen or unexpected tensor
   */
  public static MarianModel load(Path dir) throws MalformedFileException {
    return load(dir, UnaryOperator.identity());
  }

  /**
   * Loads a checkpoint directory, adjusting its configuration first (e.g. {@code c -> c.withDropout(0)}).
   *
   * @param dir the directory
   * @param adjust maps the file's configuration to the one to use; sizes must not change
   * @return the model (the caller closes it)
   * @throws MalformedFileException as {@link #load(Path)}
   */
  public static MarianModel load(Path dir, UnaryOperator<MarianConfig> adjust) throws MalformedFileException {
    if (!Files.isDirectory(dir)) {
      throw new MalformedFileException(dir + ": checkpoint directory not found");
    }
    MarianConfig config = adjust.apply(readConfig(dir.resolve(CONFIG_FILE)));
    Path weightsPath = dir.resolve(WEIGHTS_FILE);
    if (!Files.isRegularFile(weightsPath)) {
      String hint = Files.exists(dir.resolve("pytorch_model.bin"))
          ? " (only pytorch_model.bin is present: re-save it with save_pretrained(..., safe_serialization=True))"
          : Files.exists(dir.resolve(WEIGHTS_FILE + ".index.json")) ? " (sharded checkpoints are not supported)" : "";
      throw new MalformedFileException(weightsPath + ": file not found" + hint);
    }
    SafetensorsFile weights = SafetensorsFile.open(weightsPath);
    Set<String> used = new HashSet<>();
    MarianModel model = new MarianModel(config, (name, shape, manager) -> read(weights, name, shape, manager, used));
    Set<String> unexpected = new TreeSet<>(weights.tensors().keySet());
    unexpected.removeAll(used);
    unexpected.removeIf(name -> POSITIONS.matcher(name).matches());
    if (config.tieWordEmbeddings()) {
      unexpected.remove("lm_head.weight");
    }
    if (config.shareEncoderDecoderEmbeddings()) {
      unexpected.remove(SHARED);
      for (String copy : EMBEDDING_COPIES) {
        unexpected.remove(copy);
      }
    }
    if (!unexpected.isEmpty()) {
      model.close();
      throw new MalformedFileException(
          weightsPath + ": unexpected tensors for a Marian model with this config.json: " + unexpected);
    }
    return model;
  }

  /**
   * Reads and validates a {@code config.json}.
   *
   * @throws MalformedFileException if the file is missing, malformed, of another architecture or unsupported
   */
  public static MarianConfig readConfig(Path path) throws MalformedFileException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new MalformedFileException(path + ": file not found", e);
    } catch (IOException e) {
      throw new MalformedFileException(path + ": cannot read: " + e, e);
    }
    return MarianConfig.fromJson(text, path.toString());
  }

  /**
   * Saves a model in float32.
   *
   * @param model the model
   * @param dir the directory, created if needed
   * @throws IOException if writing fails
   */
  public static void save(MarianModel model, Path dir) throws IOException {
    save(model, dir, DataType.FLOAT32);
  }

  /**
   * Saves a model as {@code config.json} + {@code model.safetensors}, each written atomically.
   *
   * @param model the model
   * @param dir the directory, created if needed
   * @param type {@link DataType#FLOAT32} or {@link DataType#FLOAT16} (half the size; loading widens it again)
   * @throws IOException if writing fails
   */
  public static void save(MarianModel model, Path dir, DataType type) throws IOException {
    if (type != DataType.FLOAT32 && type != DataType.FLOAT16) {
      throw new IllegalArgumentException("checkpoints are float32 or float16, not " + type);
    }
    Files.createDirectories(dir);
    try (NDManager scope = NDManager.newBaseManager()) {
      PairList<String, Parameter> parameters = model.parameters();
      PairList<String, NDArray> tensors = new PairList<>();
      for (int i = 0; i < parameters.size(); i++) {
        tensors.add(parameters.keyAt(i), stored(parameters.valueAt(i).getArray(), type, scope));
      }
      tensors.add("final_logits_bias", stored(model.finalLogitsBias(), type, scope));
      SafetensorsFile.write(dir.resolve(WEIGHTS_FILE), tensors);
    }
    ByteBuffer config = ByteBuffer.wrap(model.config().toJson().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(dir.resolve(CONFIG_FILE), channel -> {
      while (config.hasRemaining()) {
        channel.write(config);
      }
    });
  }

  /** The array in the stored type: itself when float32, else a converted copy owned by {@code scope}. */
  private static NDArray stored(NDArray array, DataType type, NDManager scope) {
    if (type == DataType.FLOAT32) {
      return array;
    }
    NDArray converted = array.toType(type, true);
    converted.attach(scope);
    return converted;
  }

  private static NDArray read(SafetensorsFile weights, String name, Shape shape, NDManager manager, Set<String> used)
      throws MalformedFileException {
    String stored = null;
    if (weights.tensors().containsKey(name)) {
      stored = name;
    } else if (name.equals(SHARED)) {
      for (String copy : EMBEDDING_COPIES) {
        if (weights.tensors().containsKey(copy)) {
          stored = copy;
          break;
        }
      }
    }
    if (stored == null) {
      if (name.equals("final_logits_bias")) {
        return manager.zeros(shape, DataType.FLOAT32);
      }
      throw new MalformedFileException(weights.path() + ": missing tensor " + name);
    }
    Shape actual = weights.tensors().get(stored).shape();
    if (!actual.equals(shape)) {
      throw new MalformedFileException(
          weights.path() + ": tensor " + stored + " has shape " + actual + " but config.json implies " + shape);
    }
    used.add(stored);
    return weights.readFloat32(stored, manager);
  }
}
