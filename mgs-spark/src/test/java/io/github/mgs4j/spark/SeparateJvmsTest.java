package io.github.mgs4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.search.MgsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed path for real: two executor JVMs on this machine (Spark's {@code local-cluster} mode), one of
 * which dies in the middle of a step. The stage is retried, the executor that replaces it builds a replica that
 * catches up from the driver's record of the steps, and the run still equals the single-process run bit for bit.
 */
class SeparateJvmsTest {

  /** Spark's standalone worker, started in this JVM, launches executors with this JVM's class path. */
  static SparkConf localCluster(int workers, Path home) {
    System.setProperty("spark.testing", "1");
    System.setProperty("spark.test.home", home.toString());
    String flags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Dai.djl") || a.startsWith("-Xss")
            || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
        .toList());
    return new SparkConf()
        .setMaster("local-cluster[" + workers + ",1,1024]")
        .setAppName("mgs-spark-separate-jvms")
        .set("spark.ui.enabled", "false")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", flags)
        .set("spark.executorEnv.SPARK_TESTING", "1")
        .set("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
        .set("spark.executorEnv.OMP_NUM_THREADS", "1");
  }

  @Test
  void twoExecutorJvmsOneLostMidStepGiveTheSingleProcessRunBitForBit(@TempDir Path tmp) throws IOException {
    List<Batch> batches = BigramSetup.TASK.batches(4, 7, 11);
    BigramSetup driver = new BigramSetup(9, 5, false);
    SparkEvaluatorTest.Run expected = SparkEvaluatorTest.run(driver, SparkEvaluatorTest.inProcess(), batches);
    Path marker = tmp.resolve("executor-lost");
    JavaSparkContext spark = new JavaSparkContext(localCluster(2, Files.createDirectories(tmp.resolve("home"))));
    try {
      SparkEvaluator evaluator =
          SparkEvaluator.builder(spark, new DyingOnce(driver, marker.toString(), 2)).workers(2).build();
      SparkEvaluatorTest.Run distributed = SparkEvaluatorTest.run(driver, SparkEvaluatorTest.onSpark(evaluator),
          batches);
      assertTrue(Files.exists(marker), "an executor was lost during step 2");
      assertEquals(expected.steps(), distributed.steps());
      assertArrayEquals(expected.parameters(), distributed.parameters());
      assertTrue(evaluator.traffic().stages() > 4, "the new replica caught up: " + evaluator.traffic());
    } finally {
      spark.stop();
    }
  }

  /** The tests' run, whose worker JVM halts once, in the middle of decoding step {@code step}'s candidates. */
  record DyingOnce(BigramSetup run, String marker, long step) implements ReplicaSetup {
    @Override
    public SequenceModel createModel() {
      return run.createModel();
    }

    @Override
    public TaskLoss createTaskLoss() {
      TaskLoss loss = run.createTaskLoss();
      return new TaskLoss() {
        private int calls;

        @Override
        public String name() {
          return loss.name();
        }

        @Override
        public double[] perSequence(Batch batch, DecodedBatch decoded) {
          // Base decode, then K candidates per step: the third call of step `step` is a candidate's.
          if (++calls == (int) step * 6 + 3) {
            try {
              Files.createFile(Path.of(marker));
              Runtime.getRuntime().halt(1);
            } catch (FileAlreadyExistsException e) {
              // lost once already
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return loss.perSequence(batch, decoded);
        }
      };
    }

    @Override
    public MgsConfig config() {
      return run.config();
    }

    @Override
    public long seed() {
      return run.seed();
    }
  }
}
