package io.github.mgs4j.examples.experiment;

import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.sequence.SequenceLevelDiagnostics;
import io.github.mgs4j.core.train.TrainingResult;
import io.github.mgs4j.examples.data.TextCompletionDataset;
import io.github.mgs4j.examples.data.TextCompletionDataset.Split;
import io.github.mgs4j.examples.data.TextTokenizer;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The text-completion experiment around one MLE checkpoint: the data (shuffled training batches, a fixed
 * validation subset, the test passages), the frozen MLE model (the LM score's scorer and the MLE row), and
 * one method that fine-tunes a {@link RowSpec} from the checkpoint and evaluates it, so every row of every
 * table is trained the same way.
 *
 * <p>Each fine-tune is MGS from the checkpoint with {@link GuardedTaskLossValidator}: validation every
 * {@code validateEvery} steps on the validation subset, early stopping, and the best state within the
 * perplexity budget restored before the test evaluation.
 */
public final class CompletionExperiment implements AutoCloseable {
  private final Path modelDir;
  private final Settings settings;
  private final TextTokenizer tokenizer;
  private final Gpt2Model mle;
  private final TextCompletionDataset train;
  private final List<Batch> valid;
  private final List<Batch> test;
  private final CompletionEvaluator evaluator;
  private final double mleValidPerplexity;

  /**
   * The experiment's sizes and the MGS run every row starts from.
   *
   * @param base the MGS settings (α and the proposal are replaced by each row's)
   * @param batch passages per MGS batch
   * @param validPassages validation passages (the first ones of the split)
   * @param testPassages test passages (the first ones of the split)
   * @param evalMaxNew the test decode limit in new tokens
   * @param perplexityBudget the largest validation perplexity a selected state may have, as a multiple of the
   *     MLE model's (infinity: select on the task loss alone, as the paper)
   */
  public record Settings(
      MgsRun base, int batch, int validPassages, int testPassages, int evalMaxNew, double perplexityBudget) {
    /** Validates the sizes. */
    public Settings {
      Objects.requireNonNull(base, "base");
      if (batch < 1 || validPassages < 1 || testPassages < 1 || evalMaxNew < 1) {
        throw new IllegalArgumentException("batch, passages and decode limit must be >= 1");
      }
    }

    /** These settings with another number of test passages. */
    public Settings withTestPassages(int n) {
      return new Settings(base, batch, validPassages, n, evalMaxNew, perplexityBudget);
    }
  }

  /**
   * A fine-tuned row.
   *
   * @param spec what was trained
   * @param seed the seed
   * @param metrics its Table 1 row on the test passages ({@code null} when not evaluated)
   * @param trace the per-step series (Figs. 1–3)
   * @param validation every validation (the Fig. 1 validation curve, Fig. 4)
   * @param result how the run ended (steps, best step)
   * @param seconds wall time of training and evaluation
   * @param trainingSeconds wall time of training alone (validations included)
   * @param decodedTokens tokens the training steps' decoders generated
   * @param samples greedy continuations of the first three test contexts
   */
  public record RowRun(
      RowSpec spec, long seed, CompletionMetrics metrics, MgsTrace trace,
      List<GuardedTaskLossValidator.ValidationPoint> validation, TrainingResult result, double seconds,
      double trainingSeconds, long decodedTokens, int[][] samples) {

    /** What training this row cost per step. */
    public TrainingCost cost() {
      long steps = Math.max(1, result.stepsCompleted());
      return new TrainingCost(spec.name(), result.stepsCompleted(), trainingSeconds / steps,
          (double) decodedTokens / steps);
    }

    /** The validation of the state the run kept (the last one marked best), or {@code null} if none ran. */
    public GuardedTaskLossValidator.ValidationPoint kept() {
      GuardedTaskLossValidator.ValidationPoint chosen = null;
      for (GuardedTaskLossValidator.ValidationPoint p : validation) {
        if (p.best()) {
          chosen = p;
        }
      }
      return chosen;
    }
  }

  /**
   * Loads the checkpoint, its tokenizer and the bundled data.
   *
   * @param modelDir the MLE checkpoint every row starts from
   * @param settings the sizes and base run
   */
  public CompletionExperiment(Path modelDir, Settings settings) throws IOException {
    this.modelDir = modelDir;
    this.settings = Objects.requireNonNull(settings, "settings");
    TextTokenizer t = TextTokenizer.fromDirectory(modelDir);
    Gpt2Model m = null;
    try {
      m = Gpt2Checkpoint.load(modelDir);
      this.train = TextCompletionDataset.bundled(Split.TRAIN, t);
      this.valid = TextCompletionDataset.bundled(Split.VALID, t).first(settings.validPassages()).batches(32, null);
      this.test = TextCompletionDataset.bundled(Split.TEST, t).first(settings.testPassages()).batches(32, null);
      this.evaluator = new CompletionEvaluator(test, m, settings.evalMaxNew());
      this.mleValidPerplexity = GuardedTaskLossValidator.perplexity(m, valid);
    } catch (IOException | RuntimeException e) {
      if (m != null) {
        m.close();
      }
      t.close();
      throw e;
    }
    this.tokenizer = t;
    this.mle = m;
  }

  /** The settings. */
  public Settings settings() {
    return settings;
  }

  /** The tokenizer. */
  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  /** The test batches. */
  public List<Batch> test() {
    return test;
  }

  /** The number of test batches (for progress reporting). */
  public int testBatches() {
    return evaluator.batchCount();
  }

  /** The MLE model's perplexity on the validation continuations (the budget's reference). */
  public double mleValidPerplexity() {
    return mleValidPerplexity;
  }

  /** The MLE row and its samples. */
  public RowRun evaluateMle(IntConsumer progress) {
    long t0 = System.nanoTime();
    CompletionMetrics metrics = evaluator.evaluate("MLE", mle, progress);
    return new RowRun(null, 0, metrics, null, List.of(), null, (System.nanoTime() - t0) / 1e9, 0, 0, samples(mle));
  }

  /** The Human row. */
  public CompletionMetrics human() {
    return evaluator.human();
  }

  /**
   * Fine-tunes a fresh copy of the checkpoint for {@code spec} and, when asked, evaluates it on the test
   * passages.
   *
   * @param spec the row
   * @param seed the seed (training batches and every candidate's noise)
   * @param evaluate whether to evaluate on the test passages (Fig. 4's runs need only their validation)
   * @param onStep called after every step
   * @param onTestBatch called after every test batch
   */
  public RowRun train(RowSpec spec, long seed, boolean evaluate, Consumer<StepDiagnostics> onStep,
      IntConsumer onTestBatch) throws IOException {
    long t0 = System.nanoTime();
    MgsRun run = settings.base().with(spec.alpha(), spec.components()).withSeed(seed);
    List<Batch> batches = train.batches(settings.batch(), seed);
    try (Gpt2Model model = Gpt2Checkpoint.load(modelDir)) {
      TaskLoss loss = TaskLosses.byName(spec.loss(), mle, tokenizer::decode);
      GuardedTaskLossValidator validator = new GuardedTaskLossValidator(
          valid, loss, run.decodeLength(), mleValidPerplexity, settings.perplexityBudget());
      MgsTrace trace = new MgsTrace(spec.name());
      long[] decoded = {0};
      TrainingResult result = run.train(model, loss, batches, validator, trace,
          d -> {
            decoded[0] += d.decodedTokens();
            onStep.accept(d);
          },
          null, false);
      double trainingSeconds = (System.nanoTime() - t0) / 1e9;
      CompletionMetrics metrics = evaluate ? evaluator.evaluate(spec.name(), model, onTestBatch) : null;
      int[][] samples = evaluate ? samples(model) : new int[0][];
      return new RowRun(spec, seed, metrics, trace, validator.points(), result, (System.nanoTime() - t0) / 1e9,
          trainingSeconds, decoded[0], samples);
    }
  }

  /**
   * Fine-tunes a fresh copy of the checkpoint with a baseline (minimum risk training or policy gradient) on the
   * edit loss, as the MGS rows are trained: the base run's steps, optimizer, learning rate, validation interval,
   * patience and guarded selection, the same batches and seed; then evaluates it on the test passages as the row
   * {@code MRT-edit} or {@code PG-edit}.
   *
   * @param method the baseline
   * @param seed the seed
   * @param onStep called after every step
   * @param onTestBatch called after every test batch
   */
  public RowRun trainBaseline(BaselineRun.Method method, long seed, Consumer<SequenceLevelDiagnostics> onStep,
      IntConsumer onTestBatch) throws IOException {
    long t0 = System.nanoTime();
    MgsRun base = settings.base();
    BaselineRun run = BaselineRun.example(method, base.steps(), seed)
        .with(base.optimizer(), base.learningRate(), base.validateEvery());
    RowSpec spec = new RowSpec(method + "-edit", "edit-raw", base.components(), base.alpha());
    List<Batch> batches = train.batches(settings.batch(), seed);
    try (Gpt2Model model = Gpt2Checkpoint.load(modelDir)) {
      TaskLoss loss = TaskLosses.byName(spec.loss(), mle, tokenizer::decode);
      GuardedTaskLossValidator validator = new GuardedTaskLossValidator(
          valid, loss, base.decodeLength(), mleValidPerplexity, settings.perplexityBudget());
      long[] decoded = {0};
      TrainingResult result = run.train(model, loss, batches, validator, base.patience(),
          d -> {
            decoded[0] += d.decodedTokens();
            onStep.accept(d);
          });
      double trainingSeconds = (System.nanoTime() - t0) / 1e9;
      CompletionMetrics metrics = evaluator.evaluate(spec.name(), model, onTestBatch);
      return new RowRun(spec, seed, metrics, null, validator.points(), result, (System.nanoTime() - t0) / 1e9,
          trainingSeconds, decoded[0], samples(model));
    }
  }

  /** Greedy continuations (at most 60 tokens) of the first three test contexts. */
  private int[][] samples(Gpt2Model model) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Batch first = test.get(0).slice(0, Math.min(3, test.get(0).size()));
      DecodedBatch decoded = new GreedyDecoder().decode(model, first.contexts(), 60, manager);
      int[][] rows = new int[decoded.size()][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = decoded.tokens(i);
      }
      return rows;
    }
  }

  @Override
  public void close() {
    mle.close();
    tokenizer.close();
  }
}
