package io.github.mgs4j.examples.cli;

import io.github.mgs4j.spark.ReplicaSetup;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cluster} and {@code --workers}: candidates evaluated on Apache Spark workers. */
public final class ClusterOptions {
  @Option(names = "--cluster", paramLabel = "MASTER", description = "Evaluate each step's candidates on Apache "
      + "Spark workers: a master URL (local[N] in this JVM, spark://host:7077, yarn, k8s://...), or 'submit' for "
      + "the master spark-submit was given. Spark 4.0 (Scala 2.13) must be on the class path; see "
      + "docs/distributed.md.")
  String master;

  @Option(names = "--workers", defaultValue = "0", description = "Spark workers (barrier tasks, row shards) per "
      + "step (0 = the cluster's default parallelism; without --cluster, W > 0 means local[W]; default: "
      + "${DEFAULT-VALUE}).")
  int workers;

  /** Whether candidates run on Spark. */
  public boolean enabled() {
    return master != null || workers > 0;
  }

  /**
   * Starts the Spark application.
   *
   * @param setup how the workers build their replicas
   * @param checkpoints the run's checkpoint directory (read by new workers), or null
   * @throws IllegalArgumentException if Spark is not on the class path or {@code --workers} is negative
   */
  public SparkCluster start(ReplicaSetup setup, Path checkpoints) {
    if (workers < 0) {
      throw new IllegalArgumentException("--workers must be at least 0, got " + workers);
    }
    try {
      Class.forName("org.apache.spark.SparkConf", false, ClusterOptions.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("--cluster needs Apache Spark 4.0 (Scala 2.13) on the class path: run "
          + "the jar through spark-submit, or add Spark's jars to -cp (docs/distributed.md)");
    }
    return SparkCluster.start(master != null ? master : "local[" + workers + "]", workers, setup, checkpoints);
  }
}
