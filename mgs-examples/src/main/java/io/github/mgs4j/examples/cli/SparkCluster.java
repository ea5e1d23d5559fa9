package io.github.mgs4j.examples.cli;

import io.github.mgs4j.core.search.CandidateEvaluator;
import io.github.mgs4j.spark.ReplicaSetup;
import io.github.mgs4j.spark.SparkEvaluator;
import io.github.mgs4j.spark.StepTraffic;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark application of a {@code --cluster} run: its context and the candidate evaluator on it. The only
 * class of the CLI that names Spark's types, loaded only when {@code --cluster} is given.
 */
public final class SparkCluster implements AutoCloseable {
  private final JavaSparkContext spark;
  private final SparkEvaluator evaluator;

  private SparkCluster(JavaSparkContext spark, SparkEvaluator evaluator) {
    this.spark = spark;
    this.evaluator = evaluator;
  }

  static SparkCluster start(String master, int workers, ReplicaSetup setup, Path checkpoints) {
    SparkConf conf = new SparkConf().setAppName("mgs4j");
    if (!master.equals("submit")) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      throw new IllegalArgumentException("--cluster submit: no master was given (run through spark-submit)");
    }
    JavaSparkContext spark = new JavaSparkContext(conf);
    try {
      SparkEvaluator.Builder builder = SparkEvaluator.builder(spark, setup);
      if (workers > 0) {
        builder.workers(workers);
      }
      if (checkpoints != null) {
        builder.checkpointDirectory(checkpoints);
      }
      return new SparkCluster(spark, builder.build());
    } catch (RuntimeException e) {
      spark.stop();
      throw e;
    }
  }

  /** The candidate evaluator. */
  public CandidateEvaluator.Factory evaluator() {
    return evaluator;
  }

  /** W. */
  public int workers() {
    return evaluator.workers();
  }

  /** The bytes the steps so far exchanged. */
  public StepTraffic traffic() {
    return evaluator.traffic();
  }

  @Override
  public void close() {
    spark.stop();
  }
}
