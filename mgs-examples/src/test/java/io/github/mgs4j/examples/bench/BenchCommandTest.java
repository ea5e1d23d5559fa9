package io.github.mgs4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.examples.cli.MgsExamplesCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bench} command's contract: its arguments, the JSON it writes and the batches it hands the
 * Python peer. No timing is asserted (figures vary with the machine); only that they are present and
 * consistent.
 */
class BenchCommandTest {

  private static int bench(StringWriter err, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "bench";
    System.arraycopy(args, 0, all, 1, args.length);
    return MgsExamplesCli.execute(all, new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  @Test
  void writesEveryFigureAndTheBatchesItTimed(@TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("bench.json");
    Path ids = tmp.resolve("ids.json");
    StringWriter err = new StringWriter();
    int code = bench(err, "--batch", "2", "--k", "2", "--steps", "2", "--warmup", "1", "--target-length", "4",
        "--ignore-eos", "--json", json.toString(), "--ids-json", ids.toString());
    assertEquals(0, code, err.toString());

    JsonNode result = new ObjectMapper().readTree(json.toFile());
    assertEquals(2, result.get("batch").asInt());
    assertEquals(2, result.get("k").asInt());
    assertEquals(2, result.get("steps").asInt());
    assertEquals(1, result.get("warmup_steps").asInt());
    assertTrue(result.get("ignore_eos").asBoolean());
    // 1.3 × 4 target tokens, rounded up.
    assertEquals(6, result.get("max_new_tokens").asInt());
    for (String key : new String[] {"step_seconds", "floor_seconds", "decode_seconds", "backprop_seconds",
        "noise_seconds", "candidate_decode_seconds", "floor_decode_seconds", "floor_backward_seconds",
        "floor_noise_seconds", "tokens_per_second"}) {
      double value = result.get(key).asDouble();
      assertTrue(value > 0 && Double.isFinite(value), key + " = " + value);
    }
    // With EOS ignored every decode runs to the limit: (K+1) decodes × batch rows × 6 tokens per step.
    assertEquals(3 * 2 * 6, result.get("decoded_tokens_per_step").asDouble());

    long parameterBytes = result.get("parameter_bytes").asLong();
    // The search buffers (snapshot, accumulator) are not held across steps.
    assertTrue(result.has("malloc_mmap_threshold_bytes"), "the allocator policy is recorded");
    assertEquals(0, result.get("held_buffer_bytes").asLong());
    assertEquals(2 * parameterBytes, result.get("optimizer_state_bytes").asLong(), "AdamW keeps m and v");
    assertTrue(result.get("peak_rss_bytes").asLong() > 0);
    assertTrue(result.has("step_transient_bytes") && result.has("peak_beyond_model_over_parameter_bytes"));
    assertTrue(result.get("parameters_sha256").asText().matches("[0-9a-f]{64}"), result.toString());

    JsonNode batches = new ObjectMapper().readTree(ids.toFile());
    assertEquals(3, batches.size(), "warm-up step + 2 measured steps");
    for (JsonNode b : batches) {
      assertEquals(2, b.get("contexts").size());
      assertEquals(4, b.get("targets").get(0).size());
    }
  }

  @Test
  void regeneratedDirectionsAndReleasedMemoryHoldNoSearchBuffer(@TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("bench.json");
    StringWriter err = new StringWriter();
    int code = bench(err, "--batch", "2", "--k", "2", "--steps", "1", "--warmup", "1", "--target-length", "4",
        "--ignore-eos", "--directions", "REGENERATED", "--release-memory", "--json",
        json.toString());
    assertEquals(0, code, err.toString());
    JsonNode result = new ObjectMapper().readTree(json.toFile());
    assertEquals("REGENERATED", result.get("directions").asText());
    assertTrue(result.get("release_memory").asBoolean());
    assertEquals(0, result.get("held_buffer_bytes").asLong());
    assertTrue(result.has("peak_growth_beyond_model_state_over_parameter_bytes"));
  }

  /** Replicas placed by device name: one per listed device when --replicas is not given. */
  @Test
  void replicaDevicesPlaceOneReplicaPerDevice(@TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("bench.json");
    StringWriter err = new StringWriter();
    int code = bench(err, "--batch", "2", "--k", "3", "--steps", "1", "--warmup", "1", "--target-length", "4",
        "--ignore-eos", "--replica-devices", "cpu,cpu", "--json", json.toString());
    assertEquals(0, code, err.toString());
    JsonNode result = new ObjectMapper().readTree(json.toFile());
    assertEquals(2, result.get("replicas").asInt());
    assertEquals("[\"cpu\",\"cpu\"]", result.get("replica_devices").toString());
    assertEquals(2 * result.get("parameter_bytes").asLong(), result.get("held_buffer_bytes").asLong());
    // Replicas change where candidates are decoded, not what the steps compute: the same parameters, bit for bit.
    Path inPlace = tmp.resolve("in-place.json");
    assertEquals(0, bench(err, "--batch", "2", "--k", "3", "--steps", "1", "--warmup", "1", "--target-length", "4",
        "--ignore-eos", "--replica-devices", "none", "--json", inPlace.toString()), err.toString());
    JsonNode reference = new ObjectMapper().readTree(inPlace.toFile());
    assertEquals(0, reference.get("replicas").asInt());
    assertEquals(reference.get("parameters_sha256").asText(), result.get("parameters_sha256").asText());
    StringWriter refused = new StringWriter();
    assertEquals(1, bench(refused, "--replica-devices", "tpu0"));
    assertTrue(refused.toString().contains("--replica-devices: 'tpu0'"), refused.toString());
  }

  @Test
  void rejectsMeaninglessArguments() {
    StringWriter err = new StringWriter();
    assertEquals(1, bench(err, "--steps", "0"));
    assertTrue(err.toString().contains("--steps must be at least 1"), err.toString());
    assertEquals(1, bench(err, "--warmup", "0"));
    assertTrue(err.toString().contains("--warmup must be at least 1"), err.toString());
    StringWriter err2 = new StringWriter();
    assertEquals(1, bench(err2, "--random-config", "gpt2-xl"));
    assertTrue(err2.toString().contains("--random-config must be gpt2-124m"), err2.toString());
  }

  /**
   * {@code --workers 2}: the step's candidates on two Spark workers in this JVM, which report the bytes a step
   * exchanges; the trained parameters are the in-process step's (with the direction redrawn from the seeds).
   */
  @Test
  void workersReportTheirTrafficAndTrainTheInProcessParameters(@TempDir Path tmp) throws Exception {
    String[] common = {"--batch", "3", "--k", "2", "--steps", "1", "--warmup", "1", "--target-length", "4",
        "--ignore-eos", "--directions", "REGENERATED", "--json"};
    StringWriter err = new StringWriter();
    Path single = tmp.resolve("single.json");
    assertEquals(0, bench(err, concat(common, single.toString())), err.toString());
    Path spark = tmp.resolve("spark.json");
    assertEquals(0, bench(err, concat(common, spark.toString(), "--workers", "2")), err.toString());
    JsonNode one = new ObjectMapper().readTree(single.toFile());
    JsonNode two = new ObjectMapper().readTree(spark.toFile());
    assertEquals(2, two.get("workers").asInt());
    assertEquals(1.0, two.get("stages_per_step").asDouble(), "one barrier stage per step");
    assertTrue(two.get("bytes_per_step").asDouble() > 0, two.toString());
    assertFalse(one.has("workers"));
    assertEquals(one.get("parameters_sha256").asText(), two.get("parameters_sha256").asText());
  }

  private static String[] concat(String[] first, String... rest) {
    String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }
}
