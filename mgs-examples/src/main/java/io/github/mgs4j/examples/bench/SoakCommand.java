package io.github.mgs4j.examples.bench;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.MgsStep;
import io.github.mgs4j.examples.data.TextCompletionDataset;
import io.github.mgs4j.examples.data.TextCompletionDataset.Split;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.experiment.BundledModel;
import io.github.mgs4j.examples.experiment.TaskLosses;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soak}: many MGS steps on the bundled model and the State of the Union training batches (edit-distance
 * loss, the library's defaults), reporting every N steps the resident set size and the number of live native
 * arrays under the model's manager, so a leak shows as growth. Prints a table and writes JSON.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Run many MGS steps and report resident memory and live native arrays every N steps.")
public final class SoakCommand implements Callable<Integer> {
  @Option(names = "--steps", defaultValue = "1000", description = "MGS steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--every", defaultValue = "100", description = "Steps between readings (default: ${DEFAULT-VALUE}).")
  int every;

  @Option(names = "--batch", defaultValue = "8", description = "Passages per batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--json", description = "Write the readings here as JSON.")
  Path json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (steps < 1 || every < 1) {
      throw new IllegalArgumentException("--steps and --every must be >= 1");
    }
    Path dir = BundledModel.extract();
    PrintWriter out = spec.commandLine().getOut();
    ObjectNode report = new ObjectMapper().createObjectNode();
    ArrayNode readings = report.putArray("readings");
    try (TextTokenizer tokenizer = TextTokenizer.fromDirectory(dir);
        Gpt2Model model = Gpt2Checkpoint.load(dir)) {
      List<Batch> train = TextCompletionDataset.bundled(Split.TRAIN, tokenizer).batches(batch, 1L);
      MgsConfig config = MgsConfig.builder().decodeLength(new DecodeLength(1.3, 200)).build();
      NDManager owner = model.parameters().valueAt(0).getArray().getManager();
      out.printf(Locale.ROOT, "%8s %12s %12s%n", "step", "rss_mib", "live_arrays");
      try (MgsStep step = new MgsStep(model, TaskLosses.byName("edit-raw", model, tokenizer::decode), config,
          new SeedStream(1))) {
        for (int s = 0; s < steps; s++) {
          step.run(train.get(s % train.size()), s);
          if ((s + 1) % every == 0 || s == 0) {
            long rss = ResidentMemory.currentBytes();
            int live = ((BaseNDManager) owner).getManagedArrays().size();
            out.printf(Locale.ROOT, "%8d %12.1f %12d%n", s + 1, rss / (double) (1 << 20), live);
            out.flush();
            readings.addObject().put("step", s + 1).put("rss_bytes", rss).put("live_arrays", live);
          }
        }
      }
    }
    report.put("steps", steps).put("batch", batch).put("loss", "edit-raw");
    if (json != null) {
      Files.writeString(json, report.toPrettyString());
    }
    return 0;
  }
}
