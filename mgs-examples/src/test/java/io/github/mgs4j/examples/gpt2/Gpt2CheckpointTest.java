package io.github.mgs4j.examples.gpt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.github.mgs4j.core.io.MalformedFileException;
import io.github.mgs4j.core.io.SafetensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading Hugging Face checkpoint directories, and the errors for bad ones. */
class Gpt2CheckpointTest {
  @TempDir Path temp;

  /** A copy of the tiny reference checkpoint that a test may damage. */
  private Path tinyCopy(String name) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(name));
    for (String file : new String[] {Gpt2Checkpoint.CONFIG_FILE, Gpt2Checkpoint.WEIGHTS_FILE}) {
      Files.copy(Gpt2TestSupport.tinyDir().resolve(file), dir.resolve(file));
    }
    return dir;
  }

  private static void assertSameParameters(Gpt2Model expected, Gpt2Model actual) {
    PairList<String, Parameter> a = expected.parameters();
    PairList<String, Parameter> b = actual.parameters();
    assertEquals(a.keys(), b.keys());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(
          a.valueAt(i).getArray().toFloatArray(), b.valueAt(i).getArray().toFloatArray(), a.keyAt(i));
    }
  }

  private String loadError(Path dir) {
    return assertThrows(MalformedFileException.class, () -> Gpt2Checkpoint.load(dir).close())
        .getMessage();
  }

  @Test
  void saveThenLoadIsBitIdentical() throws IOException {
    Gpt2Config config = new Gpt2Config(61, 12, 24, 3, 3, 40, 1e-5, 60, 0, 0.1, 0.05, 0.0, true, 0.02);
    try (Gpt2Model original = Gpt2Model.randomInit(config, 99)) {
      Gpt2Checkpoint.save(original, temp);
      try (Gpt2Model loaded = Gpt2Checkpoint.load(temp)) {
        assertEquals(config, loaded.config());
        assertSameParameters(original, loaded);
      }
      Gpt2Checkpoint.save(original, temp);
      try (var files = Files.list(temp)) {
        assertEquals(2, files.count(), "no temporary files are left behind");
      }
    }
  }

  @Test
  void halfPrecisionSaveHalvesTheFileAndLoadsBackRounded() throws IOException {
    Gpt2Config config = new Gpt2Config(61, 12, 24, 3, 3, 40, 1e-5, 60, 0, 0.1, 0.05, 0.0, true, 0.02);
    try (Gpt2Model original = Gpt2Model.randomInit(config, 5)) {
      Path full = temp.resolve("f32");
      Path half = temp.resolve("f16");
      Gpt2Checkpoint.save(original, full);
      Gpt2Checkpoint.save(original, half, true);
      long fullBytes = Files.size(full.resolve(Gpt2Checkpoint.WEIGHTS_FILE));
      long halfBytes = Files.size(half.resolve(Gpt2Checkpoint.WEIGHTS_FILE));
      assertTrue(halfBytes < 0.55 * fullBytes, halfBytes + " vs " + fullBytes);
      try (Gpt2Model loaded = Gpt2Checkpoint.load(half)) {
        assertEquals(config, loaded.config());
        PairList<String, Parameter> a = original.parameters();
        PairList<String, Parameter> b = loaded.parameters();
        for (int i = 0; i < a.size(); i++) {
          float[] x = a.valueAt(i).getArray().toFloatArray();
          float[] y = b.valueAt(i).getArray().toFloatArray();
          for (int j = 0; j < x.length; j++) {
            // float16 keeps 11 significant bits: relative error at most 2^-11 (normal range).
            assertEquals(x[j], y[j], Math.abs(x[j]) * 0x1p-11 + 0x1p-24, a.keyAt(i) + "[" + j + "]");
          }
        }
      }
    }
  }

  @Test
  void tinyReferenceRoundTripsAndStaysLoadableByTransformers() throws IOException {
    // Left in the build directory for: make_reference.py --verify mgs-examples/target/gpt2-tiny-java
    Path out = Path.of("target", "gpt2-tiny-java");
    try (Gpt2Model tiny = Gpt2Checkpoint.load(Gpt2TestSupport.tinyDir())) {
      Gpt2Checkpoint.save(tiny, out);
      try (Gpt2Model again = Gpt2Checkpoint.load(out)) {
        assertEquals(tiny.config(), again.config());
        assertSameParameters(tiny, again);
      }
    }
  }

  @Test
  void halfPrecisionAndBfloat16AreConvertedToFloat32() throws IOException {
    String header =
        "{\"a\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[10,14]}}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer file = ByteBuffer.allocate(8 + json.length + 14).order(ByteOrder.LITTLE_ENDIAN);
    file.putLong(json.length).put(json);
    for (int bits : new int[] {0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x3FC0, 0xC080}) {
      file.putShort((short) bits);
    }
    Path path = temp.resolve("mixed.safetensors");
    Files.write(path, file.array());
    SafetensorsFile st = SafetensorsFile.open(path);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = st.readFloat32("a", m);
      assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f, 0x1p-24f}, a.toFloatArray());
      assertArrayEquals(new float[] {1.5f, -4f}, st.readFloat32("b", m).toFloatArray());
    }
  }

  @Test
  void missingFiles() throws IOException {
    assertTrue(loadError(temp.resolve("nowhere")).contains("checkpoint directory not found"));
    Path dir = tinyCopy("tiny");
    Files.delete(dir.resolve("model.safetensors"));
    String noWeights = loadError(dir);
    assertTrue(noWeights.contains("model.safetensors: file not found"), noWeights);
    Files.delete(dir.resolve("config.json"));
    String noConfig = loadError(dir);
    assertTrue(noConfig.contains("config.json: file not found"), noConfig);
  }

  @Test
  void corruptSafetensors() throws IOException {
    Path dir = tinyCopy("tiny");
    Path weights = dir.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));
    String truncated = loadError(dir);
    assertTrue(truncated.contains("truncated"), truncated);
    Files.write(weights, Arrays.copyOf(bytes, 5));
    assertTrue(loadError(dir).contains("truncated safetensors file"));
    byte[] garbage = bytes.clone();
    garbage[8] = '#';
    Files.write(weights, garbage);
    String header = loadError(dir);
    assertTrue(header.contains("corrupt safetensors header (not JSON)"), header);
    garbage = bytes.clone();
    garbage[10] = '#';
    Files.write(weights, garbage);
    String entry = loadError(dir);
    assertTrue(entry.contains("corrupt header entry"), entry);
    ByteBuffer.wrap(garbage).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
    Files.write(weights, garbage);
    assertTrue(loadError(dir).contains("header length"));
  }

  @Test
  void missingAndMisshapenTensors() throws IOException {
    Path dir = tinyCopy("tiny");
    try (Gpt2Model tiny = Gpt2Checkpoint.load(dir)) {
      PairList<String, Parameter> parameters = tiny.parameters();
      PairList<String, NDArray> tensors = new PairList<>();
      for (int i = 0; i < parameters.size(); i++) {
        if (!parameters.keyAt(i).equals("h.1.mlp.c_fc.weight")) {
          tensors.add(parameters.keyAt(i), parameters.valueAt(i).getArray());
        }
      }
      SafetensorsFile.write(dir.resolve("model.safetensors"), tensors);
    }
    String missing = loadError(dir);
    assertTrue(missing.contains("missing tensor h.1.mlp.c_fc.weight"), missing);

    Path other = tinyCopy("other");
    String config = Files.readString(other.resolve("config.json"));
    Files.writeString(other.resolve("config.json"), config.replace("\"n_positions\": 64", "\"n_positions\": 32"));
    String shape = loadError(other);
    assertTrue(shape.contains("wpe.weight has shape (64, 64) but config.json implies (32, 64)"), shape);
  }

  @Test
  void unsupportedOrMalformedConfig() throws IOException {
    Path dir = tinyCopy("tiny");
    Path config = dir.resolve("config.json");
    String original = Files.readString(config);
    String[][] cases = {
      {"\"activation_function\": \"gelu_new\"", "\"activation_function\": \"relu\"",
        "unsupported activation_function \"relu\""},
      {"\"scale_attn_by_inverse_layer_idx\": false", "\"scale_attn_by_inverse_layer_idx\": true",
        "unsupported scale_attn_by_inverse_layer_idx=true"},
      {"\"reorder_and_upcast_attn\": false", "\"reorder_and_upcast_attn\": true",
        "unsupported reorder_and_upcast_attn=true"},
      {"\"add_cross_attention\": false", "\"add_cross_attention\": true", "unsupported add_cross_attention"},
      {"\"n_head\": 4", "\"n_head\": 5", "n_embd (64) must be divisible by n_head (5)"},
      {"\"eos_token_id\": 511", "\"eos_token_id\": [511]", "field eos_token_id must be an integer"},
      {"{", "{{", "malformed JSON"},
    };
    for (String[] c : cases) {
      assertTrue(original.contains(c[0]), c[0]);
      Files.writeString(config, original.replace(c[0], c[1]));
      String message = loadError(dir);
      assertTrue(message.contains(c[2]) && message.contains("config.json"), message);
    }
  }
}
