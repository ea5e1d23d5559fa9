package io.github.mgs4j.examples.cli;

import io.github.mgs4j.examples.experiment.MgsRun;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The MGS hyper-parameters shared by {@code mgs} and {@code run}. */
public final class MgsOptions {
  @Option(names = "--k", defaultValue = "4", description = "Candidates K (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--alpha", defaultValue = "10", description = "Alpha (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--noise", defaultValue = "1.0", description = "Noise multiplier (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--components", defaultValue = "ALTERNATING", description = "Proposal components: "
      + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, the authors' mixture).")
  io.github.mgs4j.core.search.ComponentAssignment components;

  @Option(names = "--optimizer", defaultValue = "ADAMW", description = "ADAMW, ADAM or SGD (default: ${DEFAULT-VALUE}).")
  io.github.mgs4j.core.optim.OptimizerConfig.Kind optimizer;

  @Option(names = "--lr", defaultValue = "1e-4", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--steps", defaultValue = "100", description = "MGS steps (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--batch", defaultValue = "8", description = "Passages per batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--validate-every", defaultValue = "50", description = "Steps between validations.")
  long validateEvery;

  @Option(names = "--patience", defaultValue = "5", description = "Validations without improvement before "
      + "stopping (0 = never; default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--valid-size", defaultValue = "32", description = "Validation passages used.")
  int validSize;

  @Option(names = "--decode-cap", defaultValue = "200", description = "Cap on training decode lengths.")
  int decodeCap;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin ExecutionOptions execution;

  /** The run these options describe. */
  MgsRun run() {
    return new MgsRun(candidates, alpha, noise, components, optimizer, learningRate, steps, validateEvery, patience,
        decodeCap, seed, execution.execution());
  }
}
