package io.github.mgs4j.examples.translation;

import io.github.mgs4j.core.decode.BeamSearchDecoder;
import io.github.mgs4j.core.decode.DecodeLength;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.search.MgsConfig;
import io.github.mgs4j.core.search.NoiseScale;
import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.train.MgsTrainer;
import io.github.mgs4j.core.train.TrainerConfig;
import io.github.mgs4j.core.train.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The paper's Table 4 experiment on a Marian model: evaluate the MLE model, fine-tune it with MGS on each of
 * the SBLEU, METEOR and EDIT task losses (the authors' MT settings: K = 4, α = 100, noise 1.0 scaled by the mean
 * |∇L| over all parameters, greedy decoding of at most 1.3 × the longest target during training), select each
 * run's parameters by validation corpus BLEU with beam 5 among those validated during fine-tuning (as fairseq's
 * {@code checkpoint_best}: the starting parameters are not a candidate; their BLEU only opens each Fig. 5
 * curve), and evaluate every model on the validation and test
 * splits (BLEU with beam 5; SBLEU, METEOR and EDIT greedy). Optionally adds MGS-SBLEU from a random
 * initialisation. Every run starts from the same checkpoint directory.
 */
public final class TranslationExperiment {

  /**
   * The experiment's size and MGS settings.
   *
   * @param mgsSteps MGS steps per run
   * @param validateEvery steps between validation-BLEU selections
   * @param trainPairs training pairs MGS visits (shortest targets of a seeded sample, in batches)
   * @param batchRows pairs per MGS batch
   * @param maxTargetTokens training pairs with longer targets are not sampled (decoding cost)
   * @param selectPairs validation pairs of the BLEU selection
   * @param evalPairs pairs of each evaluated split (0 = the whole split)
   * @param candidates K
   * @param alpha α
   * @param noise the noise multiplier
   * @param learningRate the AdamW learning rate of the MGS update
   * @param fromScratch whether to add MGS-SBLEU from a random initialisation
   * @param seed the seed of the sample and of every run
   */
  public record Settings(int mgsSteps, int validateEvery, int trainPairs, int batchRows, int maxTargetTokens,
      int selectPairs, int evalPairs, int candidates, double alpha, double noise, float learningRate,
      boolean fromScratch, long seed) {

    /** The default run (about 20 minutes on two free cores). */
    public static Settings defaults() {
      return new Settings(60, 20, 960, 16, 40, 200, 0, 4, 100, 1.0, 3e-4f, false, 1);
    }

    /**
     * {@code --quick} (a few minutes): a smoke run of the whole pipeline, too small to tell MGS from MLE — 8 steps
     * on batches of 8, selection on 24 validation pairs, evaluation on the first 40 pairs of each split.
     */
    public static Settings quick() {
      return new Settings(8, 4, 64, 8, 40, 24, 40, 4, 100, 1.0, 3e-4f, false, 1);
    }

    /** The same settings with the from-scratch row. */
    public Settings withFromScratch() {
      return new Settings(mgsSteps, validateEvery, trainPairs, batchRows, maxTargetTokens, selectPairs, evalPairs,
          candidates, alpha, noise, learningRate, true, seed);
    }

    /** The MGS configuration. */
    public MgsConfig mgsConfig(int decodeCap) {
      return MgsConfig.builder()
          .candidates(candidates)
          .alpha(alpha)
          .noiseMultiplier(noise)
          .noiseScale(NoiseScale.GLOBAL)
          .decodeLength(new DecodeLength(1.3, decodeCap))
          .optimizer(OptimizerConfig.builder().learningRate(learningRate).build())
          .build();
    }
  }

  /**
   * One row of Table 4.
   *
   * @param model {@code MLE}, {@code MGS-SBLEU}, ...
   * @param split {@code valid} or {@code test}
   * @param evaluation the scores and translations
   */
  public record Row(String model, String split, TranslationEvaluator.Evaluation evaluation) {}

  /**
   * What the experiment produced.
   *
   * @param rows the table, MLE first, valid before test
   * @param traces one per MGS run
   * @param references the reference texts per split
   */
  public record Result(List<Row> rows, List<MgsTranslationTrace> traces, java.util.Map<String, List<String>> references) {}

  /** Receives progress: a phase name with its size, then units done. */
  public interface Progress {
    /** A new phase of {@code total} units begins. */
    void phase(String name, long total);

    /** Units done so far in the current phase. */
    void done(long units);
  }

  private final Path modelDir;
  private final Settings settings;
  private final Progress progress;
  private final Consumer<String> log;

  /**
   * Creates the experiment.
   *
   * @param modelDir the MLE checkpoint (with its tokenizer.json)
   * @param settings the settings
   * @param progress progress receiver
   * @param log one-line messages
   */
  public TranslationExperiment(Path modelDir, Settings settings, Progress progress, Consumer<String> log) {
    this.modelDir = modelDir;
    this.settings = settings;
    this.progress = progress;
    this.log = log;
  }

  /** Runs everything. */
  public Result run() throws IOException {
    try (TranslationTokenizer tokenizer = TranslationTokenizer.fromDirectory(modelDir)) {
      MarianConfig config = MarianCheckpoint.readConfig(modelDir.resolve(MarianCheckpoint.CONFIG_FILE));
      int limit = config.maxPositionEmbeddings() - 1;
      List<Batch> train = trainBatches(TranslationData.encode(
          ParallelCorpus.bundled(ParallelCorpus.Split.TRAIN), tokenizer, limit));
      TranslationData valid = TranslationData.encode(ParallelCorpus.bundled(ParallelCorpus.Split.VALID), tokenizer,
          limit);
      TranslationData test = TranslationData.encode(ParallelCorpus.bundled(ParallelCorpus.Split.TEST), tokenizer,
          limit);
      TranslationData select = valid.first(settings.selectPairs());
      if (settings.evalPairs() > 0) {
        valid = valid.first(settings.evalPairs());
        test = test.first(settings.evalPairs());
      }
      TranslationEvaluator evaluator = new TranslationEvaluator(tokenizer, 5, 32, limit);
      List<Row> rows = new ArrayList<>();
      List<MgsTranslationTrace> traces = new ArrayList<>();
      Translator selector = Translator.of(new BeamSearchDecoder(5, 1.0), 32, limit);
      double startBleu;
      try (MarianModel mle = MarianCheckpoint.load(modelDir)) {
        evaluate("MLE", mle, evaluator, valid, test, rows);
        startBleu = -new BleuValidator(selector, select, tokenizer, null).validate(mle, null);
      }
      List<String> runs = new ArrayList<>();
      for (TranslationLosses.Kind kind : TranslationLosses.Kind.values()) {
        runs.add(kind.name());
      }
      if (settings.fromScratch()) {
        runs.add("SCRATCH");
      }
      for (String run : runs) {
        boolean scratch = run.equals("SCRATCH");
        TranslationLosses.Kind kind = scratch ? TranslationLosses.Kind.SBLEU : TranslationLosses.Kind.valueOf(run);
        String name = scratch ? "MGS-SBLEU (scratch)" : kind.rowName();
        try (MarianModel model = scratch ? MarianModel.randomInit(config, settings.seed()) : MarianCheckpoint.load(modelDir)) {
          MgsTranslationTrace trace = new MgsTranslationTrace(name);
          traces.add(trace);
          if (!scratch) {
            trace.onBleu(startBleu);
          }
          BleuValidator validator = new BleuValidator(selector, select, tokenizer, trace::onBleu);
          progress.phase(name, settings.mgsSteps());
          MgsTrainer.builder(model, TranslationLosses.of(kind, tokenizer))
              .config(settings.mgsConfig(limit))
              .trainerConfig(TrainerConfig.builder().maxSteps(settings.mgsSteps())
                  .validateEvery(settings.validateEvery()).validateAtStart(false).patience(0).seed(settings.seed())
                  .build())
              .validator(validator)
              .listener(trace)
              .listener(new TrainingListener<StepDiagnostics>() {
                @Override
                public void onStep(StepDiagnostics d) {
                  progress.done(d.step() + 1);
                }
              })
              .build()
              .train(train);
          log.accept(String.format(Locale.ROOT, "%s: validation BLEU %s, best parameters restored", name,
              trace.validationBleu().stream().map(b -> String.format(Locale.ROOT, "%.2f", b)).toList()));
          evaluate(name, model, evaluator, valid, test, rows);
        }
      }
      return new Result(rows, traces, java.util.Map.of("valid", references(valid), "test", references(test)));
    }
  }

  private void evaluate(String name, MarianModel model, TranslationEvaluator evaluator, TranslationData valid,
      TranslationData test, List<Row> rows) {
    for (String split : new String[] {"valid", "test"}) {
      TranslationData data = split.equals("valid") ? valid : test;
      progress.phase(name + " " + split, 2L * data.size());
      rows.add(new Row(name, split, evaluator.evaluate(model, data, progress::done)));
    }
  }

  private static List<String> references(TranslationData data) {
    return data.pairs().stream().map(ParallelCorpus.Pair::target).toList();
  }

  /** A seeded sample of training pairs with short targets, in batches of similar length. */
  private List<Batch> trainBatches(TranslationData train) {
    List<Integer> eligible = new ArrayList<>();
    int[][] targets = train.targets();
    for (int i = 0; i < targets.length; i++) {
      if (targets[i].length <= settings.maxTargetTokens()) {
        eligible.add(i);
      }
    }
    SplittableRandom rng = new SplittableRandom(settings.seed());
    for (int i = eligible.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = eligible.get(i);
      eligible.set(i, eligible.get(j));
      eligible.set(j, t);
    }
    int[][] sources = train.sources();
    int n = Math.min(settings.trainPairs(), eligible.size());
    List<int[]> s = new ArrayList<>();
    List<int[]> t = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      s.add(sources[eligible.get(k)]);
      t.add(targets[eligible.get(k)]);
    }
    List<Batch> batches = new ArrayList<>();
    for (int from = 0; from < n; from += settings.batchRows()) {
      int to = Math.min(n, from + settings.batchRows());
      batches.add(new Batch(s.subList(from, to).toArray(int[][]::new), t.subList(from, to).toArray(int[][]::new)));
    }
    return batches;
  }

  /** Writes each row's translations ({@code translations/<model>.<split>.{beam5,greedy}.txt}). */
  public static void writeTranslations(Result result, Path dir) throws IOException {
    Path out = Files.createDirectories(dir.resolve("translations"));
    for (Row row : result.rows()) {
      String stem = row.model().replace(' ', '_').replace("(", "").replace(")", "") + "." + row.split();
      Files.write(out.resolve(stem + ".beam5.txt"), row.evaluation().beamTranslations(), StandardCharsets.UTF_8);
      Files.write(out.resolve(stem + ".greedy.txt"), row.evaluation().greedyTranslations(), StandardCharsets.UTF_8);
    }
    for (var e : result.references().entrySet()) {
      Files.write(out.resolve("reference." + e.getKey() + ".txt"), e.getValue(), StandardCharsets.UTF_8);
    }
  }
}
