package io.github.mgs4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mgs --cluster local[3]}: the bundled GPT-2 model fine-tuned with its candidates on three Spark workers in
 * this JVM (each decoding a shard of the batch's rows) ends with the same parameters, byte for byte, as the
 * same run in one process with the direction redrawn from the seeds (as the workers, which hold no candidate,
 * must).
 */
class ClusterCliTest {

  private static CliTest.Result mgs(Path data, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("mgs", "--data", data.toString(), "--loss", "edit", "--steps", "2", "--batch", "5",
        "--valid-size", "4", "--validate-every", "0", "--k", "3", "--decode-cap", "12", "--out", out.toString()));
    args.addAll(List.of(extra));
    return CliTest.cli(args.toArray(new String[0]));
  }

  @Test
  void theBundledModelTrainedOnThreeSparkWorkersEqualsTheInProcessRunByteForByte(@TempDir Path tmp)
      throws Exception {
    Path data = SmallCorpus.write(tmp.resolve("data"));
    CliTest.Result single = mgs(data, tmp.resolve("single"), "--directions", "REGENERATED");
    assertEquals(0, single.code(), single.err());
    CliTest.Result spark = mgs(data, tmp.resolve("spark"), "--cluster", "local[3]", "--workers", "3");
    assertEquals(0, spark.code(), spark.err());
    assertTrue(spark.out().contains("candidates on 3 Spark workers"), spark.out());
    assertArrayEquals(Files.readAllBytes(tmp.resolve("single/model.safetensors")),
        Files.readAllBytes(tmp.resolve("spark/model.safetensors")));
  }
}
