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
 * {@code mgs --cluster local[2]}: the bundled GPT-2 model fine-tuned with its candidates on two Spark workers in
 * this JVM (each decoding a shard of the batch's rows) ends with the same parameters, byte for byte, as the
 * same run in one process with the direction redrawn from the seeds (as the workers, which hold no candidate,
 * must).
 */
class ClusterCliTest {

  private static CliTest.Result mgs(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("mgs", "--loss", "edit", "--steps", "2", "--batch", "5",
        "--valid-size", "4", "--validate-every", "0", "--k", "3", "--decode-cap", "12", "--out", out.toString()));
    args.addAll(List.of(extra));
    return CliTest.cli(args.toArray(new String[0]));
  }

  @Test
  void theBundledModelTrainedOnTwoSparkWorkersEqualsTheInProcessRunByteForByte(@TempDir Path tmp)
      throws Exception {
    long t0 = System.nanoTime();
    CliTest.Result single = mgs(tmp.resolve("single"), "--directions", "REGENERATED");
    System.err.println("TIMING single " + (System.nanoTime() - t0) / 1e9);
    assertEquals(0, single.code(), single.err());
    CliTest.Result spark = mgs(tmp.resolve("spark"), "--cluster", "local[2]", "--workers", "2");
    System.err.println("TIMING both " + (System.nanoTime() - t0) / 1e9 + "\n" + spark.out());
    assertEquals(0, spark.code(), spark.err());
    assertTrue(spark.out().contains("candidates on 2 Spark workers"), spark.out());
    assertArrayEquals(Files.readAllBytes(tmp.resolve("single/model.safetensors")),
        Files.readAllBytes(tmp.resolve("spark/model.safetensors")));
  }
}
