package io.github.mgs4j.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.execution.DirectionStorage;
import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.MleGradient;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.runtime.Block;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.GaussianNoise;
import io.github.mgs4j.core.runtime.NativeAllocator;
import io.github.mgs4j.core.runtime.ParameterVector;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.MgsStep;
import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.examples.cli.ClusterOptions;
import io.github.mgs4j.examples.cli.ExecutionOptions;
import io.github.mgs4j.examples.cli.SparkCluster;
import io.github.mgs4j.spark.StepTraffic;
import java.io.IOException;
import io.github.mgs4j.examples.experiment.BundledModel;
import io.github.mgs4j.examples.experiment.MgsRun;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Config;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import io.github.mgs4j.losses.edit.EditDistanceLoss;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: times MGS steps phase by phase against their floor — (K+1) greedy decodes of the batch, one
 * MLE forward/backward and K noise draws, each measured on its own and run in the step's order (decode,
 * backward, then draw and decode K times) — and reports medians, tokens per second
 * and peak resident memory. Batches are synthetic and deterministic ({@code --ids-json} writes them for the
 * Python peer in {@code mgs-examples/bench/}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark an MGS step against its floor.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--model-dir", description = "GPT-2 checkpoint (default: the bundled model).")
  Path modelDir;

  @Option(names = "--random-config", description = "Instead of a checkpoint: gpt2-124m (random weights).")
  String randomConfig;

  @Option(names = "--batch", defaultValue = "8", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--k", defaultValue = "4", description = "Candidates K (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--steps", defaultValue = "5", description = "Measured steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured steps first, so the JIT has compiled the "
      + "decoding loop (on the bundled model the first step's decodes take 2-4 times as long as the fourth's; "
      + "default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--target-length", defaultValue = "40", description = "Target tokens per row incl. EOS.")
  int targetLength;

  @Option(names = "--save-model", description = "Also save the benchmarked model (e.g. the random one) here, "
      + "so the Python peer loads the very same weights.")
  Path saveModel;

  @Option(names = "--ignore-eos", description = "Decode every row to the length limit (EOS is not a stop): "
      + "for timing random models, whose decodes otherwise stop as soon as EOS becomes the argmax.")
  boolean ignoreEos;

  @Option(names = "--ndarray-decoding", description = "Decode operation by operation from Java instead of one "
      + "TorchScript call per token (the default where the PyTorch engine loads it), to compare the two.")
  boolean ndarrayDecoding;

  @Mixin ExecutionOptions executionOptions;

  @Mixin ClusterOptions cluster;

  @Option(names = "--json", description = "Write the figures as JSON.")
  Path json;

  @Option(names = "--ids-json", description = "Write the benchmark batches as JSON (for the Python peer).")
  Path idsJson;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    requireAtLeast("--batch", batch, 1);
    requireAtLeast("--steps", steps, 1);
    requireAtLeast("--warmup", warmup, 1);
    requireAtLeast("--target-length", targetLength, 2);
    MgsRun.Execution execution = executionOptions.execution();
    int replicas = execution.replicas();
    int mleMicroBatch = execution.mleMicroBatch();
    DirectionStorage directions = execution.directions();
    try (Gpt2Model gpt2 = loadModel()) {
      gpt2.scriptedDecoding(!ndarrayDecoding);
      int eos = gpt2.eosId();
      SequenceModel model = ignoreEos ? new FullLengthModel(gpt2) : gpt2;
      List<Batch> batches =
          BenchBatches.synthetic(warmup + steps, batch, targetLength, model.vocabularySize(), eos, 17);
      if (idsJson != null) {
        writeIds(batches);
      }
      if (saveModel != null) {
        Gpt2Checkpoint.save(gpt2, saveModel);
      }
      TrainableParameters parameters = TrainableParameters.of(model);
      MgsConfig config = config(candidates);
      SparkCluster spark = cluster.enabled() ? cluster.start(replicaSetup(execution), null) : null;
      ExecutionConfig executionConfig = spark == null
          ? execution.config()
          : execution.config().toBuilder().evaluator(spark.evaluator()).build();
      int maxNew = config.decodeLength().maxNewTokens(batches.get(0));
      List<Block> noiseBlocks = Block.rows(ParameterVector.of(parameters).shapes(), Block.DEFAULT_ELEMENTS);
      long rssBefore = ResidentMemory.currentBytes();
      List<double[]> rows = new ArrayList<>();
      long rssAfterWarmup;
      boolean peakReset;
      long stepPeak = -1;
      long optimizerStateBytes;
      try (SparkCluster sparkCluster = spark;
          MgsStep step = new MgsStep(model, new EditDistanceLoss(eos, true), config, executionConfig, new SeedStream(3));
          BlockWorkers floorNoise = new BlockWorkers(Runtime.getRuntime().availableProcessors())) {
        for (int s = 0; s < warmup; s++) {
          step.run(batches.get(s), s);
        }
        // Gradients, optimizer state and the search buffers now exist: what the measured steps add on
        // top of them is their transient memory.
        optimizerStateBytes = step.optimizer().stateArrays().values().stream()
            .mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
        rssAfterWarmup = ResidentMemory.currentBytes();
        peakReset = true;
        for (int s = warmup; s < warmup + steps; s++) {
          Batch b = batches.get(s);
          StepDiagnostics d;
          // The peak covers the MGS steps only, not the floor's own decodes and backward passes below.
          peakReset &= ResidentMemory.resetPeak();
          long t0 = System.nanoTime();
          d = step.run(b, s);
          double stepSeconds = (System.nanoTime() - t0) / 1e9;
          stepPeak = Math.max(stepPeak, ResidentMemory.peakBytes());
          // K+1 decodes, one backward and K draws, each timed on its own and summed, in the step's order: θ's
          // decode, the backward, then K times a draw and a decode. The step is exposed to the jitter of K+1
          // decodes, so the floor must be too (one decode times K+1 hides every slow one); and each of the
          // step's candidate decodes follows a Java pass over the parameters, which leaves the caches cold for
          // it, so the floor's follow a draw too.
          double decodes = time(() -> new GreedyDecoderRun(model, b, maxNew).run());
          double backward = time(() -> backward(model, parameters, b, mleMicroBatch));
          double draws = 0;
          for (int i = 0; i < candidates; i++) {
            draws += time(() -> noiseDraw(noiseBlocks, floorNoise));
            decodes += time(() -> new GreedyDecoderRun(model, b, maxNew).run());
          }
          double floor = decodes + backward + draws;
          // What the floor's passes freed but glibc kept resident is not the next step's memory; released only
          // when the steps release their own, so that otherwise no step pays for faulting it in again.
          if (executionConfig.releaseFreedMemory()) {
            NativeAllocator.releaseFreeMemory();
          }
          double decode = decodes / (candidates + 1);
          double noise = draws / candidates;
          var t = d.times();
          rows.add(new double[] {stepSeconds, floor, stepSeconds / floor, t.decode(), t.backprop(), t.noise(),
              t.candidateDecode(), t.taskLoss(), t.weighting(), t.update(), decode, backward, noise,
              d.decodedTokens() / (t.decode() + t.candidateDecode()), d.decodedTokens()});
        }
      }
      long peak = peakReset ? stepPeak : ResidentMemory.peakBytes();
      long paramBytes = parameters.bytes();
      // Replicas are held across steps; the snapshot (in place) and the accumulator are part of each step's
      // transient memory.
      DirectionStorage storage = directions.resolve(paramBytes, true); // in place and replicas hold candidates
      MemoryFigures memory = new MemoryFigures(paramBytes, replicas * paramBytes,
          optimizerStateBytes, rssBefore, rssAfterWarmup, peak, peakReset);
      String[] names = {"step_seconds", "floor_seconds", "step_over_floor", "decode_seconds", "backprop_seconds",
          "noise_seconds", "candidate_decode_seconds", "task_loss_seconds", "weighting_seconds", "update_seconds",
          "floor_decode_seconds", "floor_backward_seconds", "floor_noise_seconds", "tokens_per_second",
          "decoded_tokens_per_step"};
      ObjectNode result = new ObjectMapper().createObjectNode();
      result.put("model", modelDir != null ? modelDir.toString() : randomConfig != null ? randomConfig : "bundled");
      result.put("parameters", parameters.totalSize());
      result.put("batch", batch);
      result.put("k", candidates);
      result.put("steps", steps);
      result.put("warmup_steps", warmup);
      result.put("max_new_tokens", maxNew);
      result.put("ignore_eos", ignoreEos);
      result.put("scripted_decoding", gpt2.scriptedDecoding());
      result.put("replicas", replicas);
      execution.replicaDevices().forEach(result.putArray("replica_devices")::add);
      result.put("mle_micro_batch", mleMicroBatch);
      result.put("directions", storage.name());
      result.put("release_memory", executionConfig.releaseFreedMemory());
      // The memory figures depend on glibc's policy: −1 is its own (dynamic) threshold.
      result.put("malloc_mmap_threshold_bytes", io.github.mgs4j.examples.cli.MgsExamplesCli.mmapThresholdBytes());
      result.put("threads", Engine.getInstance().getEngineName() + ":" + System.getProperty("ai.djl.pytorch.num_threads", "default"));
      for (int c = 0; c < names.length; c++) {
        final int column = c;
        result.put(names[c], median(rows.stream().mapToDouble(r -> r[column]).toArray()));
      }
      if (spark != null) {
        StepTraffic traffic = spark.traffic();
        result.put("workers", spark.workers());
        result.put("bytes_per_step", traffic.perStep());
        result.put("stages_per_step", (double) traffic.stages() / traffic.steps());
      }
      memory.writeTo(result);
      // The trained parameters, bit for bit: equal digests mean equal steps (the floor changes no parameter).
      result.put("parameters_sha256", ParameterDigest.sha256(parameters));
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
      out.flush();
      if (json != null) {
        Files.write(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
      }
    }
    return 0;
  }

  private static void requireAtLeast(String option, int value, int least) {
    if (value < least) {
      throw new IllegalArgumentException(option + " must be at least " + least + ", got " + value);
    }
  }

  /** The benchmarked step's hyper-parameters. */
  static MgsConfig config(int candidates) {
    return MgsConfig.builder().candidates(candidates).alpha(10).mleDropout(false)
        .decodeLength(new DecodeLength(1.3, 1000)).build();
  }

  /** How a Spark worker rebuilds the benchmarked step (the run's seed is 3). */
  private BenchReplicaSetup replicaSetup(MgsRun.Execution execution) {
    return new BenchReplicaSetup(modelDir == null ? null : modelDir.toAbsolutePath().toString(), randomConfig,
        ignoreEos, candidates, execution, 3);
  }

  private Gpt2Model loadModel() throws Exception {
    return loadModel(modelDir, randomConfig);
  }

  /** The benchmarked model: a checkpoint, the bundled model, or GPT-2 124M with random weights (seed 1). */
  static Gpt2Model loadModel(Path modelDir, String randomConfig) throws IOException {
    if (randomConfig != null) {
      if (!randomConfig.equals("gpt2-124m")) {
        throw new IllegalArgumentException("--random-config must be gpt2-124m, got '" + randomConfig + "'");
      }
      Gpt2Config c = new Gpt2Config(50257, 1024, 768, 12, 12, 3072, 1e-5, 50256, 50256, 0, 0, 0, true, 0.02);
      return Gpt2Model.randomInit(c, 1);
    }
    return Gpt2Checkpoint.load(modelDir != null ? modelDir : BundledModel.extract());
  }

  private void writeIds(List<Batch> batches) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode root = mapper.createArrayNode();
    for (Batch b : batches) {
      ObjectNode o = root.addObject();
      o.set("contexts", mapper.valueToTree(b.contexts()));
      o.set("targets", mapper.valueToTree(b.targets()));
    }
    Files.write(idsJson, mapper.writeValueAsBytes(root));
  }

  private static void backward(SequenceModel model, TrainableParameters parameters, Batch b, int rows) {
    try (NDManager scope = parameters.manager().newSubManager()) {
      MleGradient.compute(model, parameters, b, false, scope, rows);
    }
  }

  /**
   * One candidate's worth of standard-normal draws, drawn the way the sampler draws them on CPU: every block on
   * the team of one thread per processor.
   */
  private static void noiseDraw(List<Block> blocks, BlockWorkers workers) {
    workers.forEach(blocks.size(), (i, scratch) -> {
      Block block = blocks.get(i);
      GaussianNoise.draw(1, block, 1.0, scratch.floats(0, block.length()));
    });
  }

  private record GreedyDecoderRun(SequenceModel model, Batch batch, int maxNew) {
    void run() {
      try (NDManager m = NDManager.newBaseManager()) {
        new GreedyDecoder().decode(model, batch.contexts(), maxNew, m);
      }
    }
  }

  private static double time(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
