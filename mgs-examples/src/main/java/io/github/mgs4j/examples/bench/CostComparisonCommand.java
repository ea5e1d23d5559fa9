package io.github.mgs4j.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.mrt.MrtStep;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.pg.PolicyGradientStep;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.search.ComponentAssignment;
import io.github.mgs4j.core.search.MgsStep;
import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.sequence.SequenceLevelDiagnostics;
import io.github.mgs4j.core.train.TrainingStep;
import io.github.mgs4j.examples.data.TextCompletionDataset;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.experiment.BaselineRun;
import io.github.mgs4j.examples.experiment.BundledModel;
import io.github.mgs4j.examples.experiment.MgsRun;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-baselines}: the cost of one training step of MGS, minimum risk training and policy gradient on the
 * bundled GPT-2, at the same batch of training passages and with the hyper-parameters of {@code run
 * --baselines}: median wall time per step, and decoded tokens and sequences per step (MGS decodes K + 1 greedy
 * sequences per example, PG K samples, MRT |S| samples). Each method fine-tunes its own copy of the MLE model
 * from the same start, on the same batches.
 */
@Command(name = "bench-baselines", mixinStandardHelpOptions = true,
    description = "Time per step and decoded tokens per step of MGS, MRT and PG on the bundled model.")
public final class CostComparisonCommand implements Callable<Integer> {
  @Option(names = "--batch", defaultValue = "8", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--steps", defaultValue = "8", description = "Measured steps per method (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured steps first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the batch order and the steps (default: "
      + "${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Write the figures as JSON.")
  Path json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** One method's figures. */
  record Cost(String method, String settings, double medianSeconds, double decodedTokens, double decodedSequences) {}

  @Override
  public Integer call() throws Exception {
    if (batch < 1 || steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("--batch and --steps must be >= 1 and --warmup >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = BundledModel.extract();
    List<Cost> costs = new ArrayList<>();
    try (TextTokenizer tokenizer = TextTokenizer.fromDirectory(dir)) {
      List<Batch> batches = TextCompletionDataset.bundled(TextCompletionDataset.Split.TRAIN, tokenizer)
          .batches(batch, seed).subList(0, warmup + steps);
      TaskLoss loss = new EditDistanceLoss(tokenizer.eosId(), false);
      // The MGS settings of `run` (RunCommand.mgsRun): K = 4, alpha = 10, noise 1, the mixture, AdamW 3e-4,
      // decode cap 200; the baselines with the same optimizer, as `run --baselines` trains them.
      MgsRun mgs = new MgsRun(4, 10, 1.0, ComponentAssignment.ALTERNATING, OptimizerConfig.Kind.ADAMW, 3e-4f,
          warmup + steps, 0, 0, 200, seed, MgsRun.Execution.DEFAULT);
      BaselineRun mrt = BaselineRun.example(BaselineRun.Method.MRT, warmup + steps, seed)
          .with(mgs.optimizer(), mgs.learningRate(), 0);
      BaselineRun pg = BaselineRun.example(BaselineRun.Method.PG, warmup + steps, seed)
          .with(mgs.optimizer(), mgs.learningRate(), 0);
      costs.add(measure(dir, batches, "MGS", mgs.describe(),
          m -> new MgsStep(m, loss, mgs.config(), new SeedStream(seed)),
          d -> ((StepDiagnostics) d).decodedTokens(), (mgs.candidates() + 1) * batch));
      costs.add(measure(dir, batches, "MRT", mrt.describe(),
          m -> new MrtStep(m, loss, mrt.mrtConfig(), new SeedStream(seed)),
          d -> ((SequenceLevelDiagnostics) d).decodedTokens(), mrt.samples() * batch));
      costs.add(measure(dir, batches, "PG", pg.describe(),
          m -> new PolicyGradientStep(m, loss, pg.policyGradientConfig(), new SeedStream(seed)),
          d -> ((SequenceLevelDiagnostics) d).decodedTokens(), pg.samples() * batch));
    }
    double mgsSeconds = costs.get(0).medianSeconds();
    out.printf(Locale.ROOT, "batch %d, %d measured steps after %d warm-up steps, seed %d%n", batch, steps, warmup, seed);
    out.printf(Locale.ROOT, "%-5s %12s %10s %18s %17s  %s%n", "", "s/step", "vs MGS", "decoded seq/step",
        "decoded tok/step", "settings");
    for (Cost c : costs) {
      out.printf(Locale.ROOT, "%-5s %12.3f %10.2f %18.0f %17.0f  %s%n", c.method(), c.medianSeconds(),
          c.medianSeconds() / mgsSeconds, c.decodedSequences(), c.decodedTokens(), c.settings());
    }
    out.flush();
    if (json != null) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      root.put("batch", batch).put("steps", steps).put("warmup", warmup).put("seed", seed);
      ArrayNode rows = root.putArray("methods");
      for (Cost c : costs) {
        rows.addObject().put("method", c.method()).put("settings", c.settings())
            .put("median_seconds_per_step", c.medianSeconds()).put("decoded_tokens_per_step", c.decodedTokens())
            .put("decoded_sequences_per_step", c.decodedSequences());
      }
      Files.createDirectories(json.toAbsolutePath().getParent());
      Files.write(json, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
    return 0;
  }

  private <D> Cost measure(Path dir, List<Batch> batches, String method, String settings,
      Function<Gpt2Model, TrainingStep<D>> stepFactory, ToLongFunction<Object> tokens, int sequences)
      throws Exception {
    double[] seconds = new double[steps];
    long decoded = 0;
    try (Gpt2Model model = Gpt2Checkpoint.load(dir);
        TrainingStep<D> step = stepFactory.apply(model)) {
      for (int s = 0; s < warmup + steps; s++) {
        long t0 = System.nanoTime();
        D d = step.run(batches.get(s), s);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (s >= warmup) {
          seconds[s - warmup] = elapsed;
          decoded += tokens.applyAsLong(d);
        }
      }
    }
    Arrays.sort(seconds);
    double median = steps % 2 == 1 ? seconds[steps / 2] : (seconds[steps / 2 - 1] + seconds[steps / 2]) / 2;
    return new Cost(method, settings, median, (double) decoded / steps, sequences);
  }
}
