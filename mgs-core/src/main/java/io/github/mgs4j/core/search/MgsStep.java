package io.github.mgs4j.core.search;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mgs4j.core.decode.DecodedBatch;
import io.github.mgs4j.core.loss.TaskLoss;
import io.github.mgs4j.core.model.Batch;
import io.github.mgs4j.core.model.ParameterBuffers;
import io.github.mgs4j.core.model.SequenceModel;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.GradientClipping;
import io.github.mgs4j.core.optim.MleGradient;
import io.github.mgs4j.core.optim.StatefulOptimizer;
import io.github.mgs4j.core.rng.SeedStream;
import io.github.mgs4j.core.runtime.BlockWorkers;
import io.github.mgs4j.core.runtime.FlatBlocks;
import io.github.mgs4j.core.runtime.HostViews;
import io.github.mgs4j.core.runtime.NativeAllocator;
import io.github.mgs4j.core.train.TrainingStep;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One step of Algorithm 1 (MLE-guided parameter search), end to end:
 *
 * <ol>
 *   <li>decode the batch with θ and pool the task loss C(θ);
 *   <li>compute the MLE gradient and clip it to L2 norm {@code mleClipNorm}; g = −∇L;
 *   <li>for k = 1..K: draw Δ_k from its mixture component (σ per tensor), apply it to θ in place, decode,
 *       pool C(θ+Δ_k), evaluate log q(Δ_k) and restore θ bit for bit (with the accumulator, fold
 *       {@code exp(α(C(θ) − C(θ+Δ_k)) − log q(Δ_k)) · Δ_k} into it first);
 *   <li>weigh the candidates in log space; build {@code −Σ w̃_k Δ_k} (redrawing each Δ_k into the gradient
 *       storage, or from the accumulator), clip it to {@code updateClipNorm} and hand it to the optimizer as
 *       the gradient.
 * </ol>
 *
 * <p>Memory beyond parameters, gradients and optimizer state: with {@link DirectionStorage#REGENERATED} one
 * parameter-sized buffer, the snapshot, since every Δ_k is redrawn from its seed into the gradient storage
 * once the K weights are known; with {@link DirectionStorage#ACCUMULATOR} two (snapshot and accumulator);
 * {@link DirectionStorage#AUTO}, the default, picks by the parameters' size; plus a few block-sized (512 KiB)
 * noise arrays per noise thread. On CPU the clipping and statistics of the MLE gradient, the restores, the
 * folds and the clipping of the update are Java passes over host views (no engine call per tensor). With
 * {@link MgsConfig#candidateReplicas()} = R ≥ 1, candidate k is written into replica k mod R instead of θ and
 * decoded on that replica's worker thread while the next candidate's noise is drawn; the folds happen in
 * candidate order, so the step is bit-identical to the in-place one (R replicas + the accumulator, no
 * snapshot). Replicas on other devices ({@link MgsConfig#replicaDevices()}) get the clipped MLE gradient copied
 * to their device once per step and are copied back to θ's device to be folded. With
 * {@link BufferLifetime#PER_STEP} (the default) the snapshot and the accumulator exist only between the MLE
 * backward pass and the update, so the peak is the larger of the backward's activations and the search buffers
 * rather than their sum. Any failure (a NaN loss, a non-finite gradient) restores θ and
 * leaves the parameters and optimizer state untouched.
 */
public final class MgsStep implements TrainingStep<StepDiagnostics> {
  private final SequenceModel model;
  private final TaskLoss taskLoss;
  private final MgsConfig config;
  private final StatefulOptimizer optimizer;
  private final SeedStream seeds;
  private final TrainableParameters parameters;
  /** How the update direction is built: the configured storage, {@link DirectionStorage#AUTO} resolved. */
  private final DirectionStorage storage;
  private ParameterBuffers snapshot;
  /** Host views of the snapshot, when the live parameters have host views too; else null. */
  private List<FloatBuffer> snapshotViews;
  private ParameterBuffers accumulatorBuffers;
  private DirectionAccumulator accumulator;
  private final CandidateReplicas replicas;
  private final CandidateSampler sampler;
  /** The team for the Java passes over host views, or null for engine operations only. */
  private final BlockWorkers team;

  /**
   * Creates the step and, unless they are {@link BufferLifetime#PER_STEP per step}, allocates its search
   * buffers.
   *
   * @param model the model to train
   * @param taskLoss the task loss to minimise
   * @param config the hyper-parameters (the optimizer is created from {@link MgsConfig#optimizer()})
   * @param seeds the run's random streams
   */
  public MgsStep(SequenceModel model, TaskLoss taskLoss, MgsConfig config, SeedStream seeds) {
    this(model, taskLoss, config, seeds, true, false);
  }

  /**
   * The step with its execution forced, for tests: engine operations only instead of the Java passes over host
   * views (the path a GPU takes: the same values, except that the gradient norms are float32 reductions
   * instead of double sums), and every replica treated as remote (copies within one device standing in for
   * copies across devices: bit-identical to replicas on the model's device).
   */
  MgsStep(
      SequenceModel model,
      TaskLoss taskLoss,
      MgsConfig config,
      SeedStream seeds,
      boolean hostPasses,
      boolean replicasAlwaysRemote) {
    this.team = hostPasses ? BlockWorkers.shared() : null;
    this.sampler =
        new CandidateSampler(CandidateSampler.CHUNK_ELEMENTS, hostPasses ? BlockWorkers.perProcessor() : null);
    this.model = Objects.requireNonNull(model, "model");
    this.taskLoss = Objects.requireNonNull(taskLoss, "taskLoss");
    this.config = Objects.requireNonNull(config, "config");
    this.optimizer = config.optimizer().newOptimizer();
    this.seeds = Objects.requireNonNull(seeds, "seeds");
    this.parameters = TrainableParameters.of(model);
    this.storage = config.directionStorage().resolve(parameters.bytes());
    this.replicas =
        config.candidateReplicas() > 0
            ? new CandidateReplicas(
                model, parameters, config.candidateReplicas(), config.replicaDevices(), replicasAlwaysRemote)
            : null;
    if (config.bufferLifetime() == BufferLifetime.PERSISTENT) {
      allocateSearchBuffers();
    }
  }

  /**
   * Allocates what is missing of the snapshot (only needed when candidates are written into the live
   * parameters) and the accumulator (only with {@link DirectionStorage#ACCUMULATOR}).
   */
  private void allocateSearchBuffers() {
    if (replicas == null && snapshot == null) {
      snapshot = new ParameterBuffers(parameters, parameters.manager());
      // Freshly allocated dense arrays: their direct buffers are their storage, so no write probe is needed.
      snapshotViews = sampler.parameterViews(parameters) == null ? null : HostViews.of(snapshot.arrays(), false);
    }
    if (storage == DirectionStorage.ACCUMULATOR && accumulatorBuffers == null) {
      accumulatorBuffers = new ParameterBuffers(parameters, parameters.manager());
      accumulator = new DirectionAccumulator(accumulatorBuffers, team);
    }
  }

  /** Frees the snapshot and the accumulator (they are allocated again when needed). */
  private void releaseSearchBuffers() {
    if (snapshot != null) {
      snapshot.close();
      snapshot = null;
      snapshotViews = null;
    }
    if (accumulatorBuffers != null) {
      accumulatorBuffers.close();
      accumulatorBuffers = null;
      accumulator = null;
    }
  }

  /** The configuration. */
  public MgsConfig config() {
    return config;
  }

  @Override
  public StatefulOptimizer optimizer() {
    return optimizer;
  }

  @Override
  public String kind() {
    return "mgs";
  }

  @Override
  public String describe() {
    return config + " taskLoss=" + taskLoss.name();
  }

  /** The algorithm's hyper-parameters and the task loss; not how the step runs (replicas, storage, ...). */
  @Override
  public Map<String, String> identity() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("candidates", String.valueOf(config.candidates()));
    fields.put("alpha", String.valueOf(config.alpha()));
    fields.put("noise", config.noiseMultiplier() + " x " + config.noiseScale());
    fields.put("assignment", String.valueOf(config.assignment()));
    fields.put("zero_component_weight", String.valueOf(config.zeroComponentWeight()));
    fields.put("density", String.valueOf(config.density()));
    fields.put("mle_clip", String.valueOf(config.mleClipNorm()));
    fields.put("update_clip", String.valueOf(config.updateClipNorm()));
    fields.put("mle_dropout", String.valueOf(config.mleDropout()));
    fields.put("decoder", String.valueOf(config.decoder()));
    fields.put("decode_length", String.valueOf(config.decodeLength()));
    fields.put("optimizer", String.valueOf(config.optimizer()));
    fields.put("task_loss", taskLoss.name());
    return fields;
  }

  /**
   * Runs one step on a batch.
   *
   * @param batch the batch
   * @param step the global step index (selects the random streams)
   * @return the step's diagnostics
   */
  @Override
  public StepDiagnostics run(Batch batch, long step) {
    Objects.requireNonNull(batch, "batch");
    try {
      return search(batch, step);
    } finally {
      if (config.bufferLifetime() == BufferLifetime.PER_STEP) {
        releaseSearchBuffers();
      }
    }
  }

  private StepDiagnostics search(Batch batch, long step) {
    int k = config.candidates();
    int maxNew = config.decodeLength().maxNewTokens(batch);
    int[][] contexts = batch.contexts();
    double tDecode;
    double tBackprop;
    double tNoise = 0;
    double tCandidates = 0;
    double tLoss = 0;
    double tWeighting = 0;
    double tUpdate;
    try (NDManager scope = parameters.manager().newSubManager()) {
      long t0 = System.nanoTime();
      DecodedBatch base = config.decoder().decode(model, contexts, maxNew, scope);
      long tokens = base.tokenCount();
      long t1 = System.nanoTime();
      double baseLoss = taskLoss.pooled(batch, base);
      long t2 = System.nanoTime();
      tDecode = seconds(t0, t1);
      tLoss += seconds(t1, t2);

      Engine.getInstance().setRandomSeed(seeds.intSeed("mle-dropout", step));
      double mleLoss =
          MleGradient.compute(model, parameters, batch, config.mleDropout(), scope, config.mleMicroBatchRows());
      List<NDArray> gradients = gradients(scope);
      List<FloatBuffer> gradientViews = sampler.gradientViews(gradients);
      GradientClipping.ClippedNorms clipped = GradientClipping.clipAndMeasure(
          gradients, gradientViews, config.mleClipNorm(), team, CandidateSampler.CHUNK_ELEMENTS);
      double gradientNorm = clipped.norm();
      double[] centreSquared = clipped.squaredSums();
      double[] sigmas =
          config.noiseScale().sigmas(clipped.absoluteSums(), parameters.sizes(), config.noiseMultiplier());
      long t3 = System.nanoTime();
      tBackprop = seconds(t2, t3);

      // With per-step buffers this is where they appear: the backward pass's activations are gone (and, if
      // asked, the pages glibc kept of them are handed back first).
      if (config.releaseFreedMemory()) {
        NativeAllocator.releaseFreeMemory();
      }
      allocateSearchBuffers();
      SplittableRandom componentRandom = seeds.random("components", step);
      boolean[] fromMle =
          config.assignment().assign(k, config.zeroComponentWeight(), componentRandom);
      double[] candidateLosses = new double[k];
      double[] logProposal = new double[k];
      // In place: every candidate is written into the live parameters and θ comes back from the snapshot.
      // With replicas: candidate c goes to replica c mod R; the live parameters are θ throughout.
      int slots = slots();
      List<NDArray> theta;
      List<FloatBuffer> thetaViews;
      if (replicas == null) {
        snapshot.copyFrom(parameters);
        theta = snapshot.arrays();
        thetaViews = snapshotViews;
      } else {
        replicas.copyFrom(parameters);
        theta = parameters.arrays();
        thetaViews = sampler.parameterViews(parameters);
      }
      if (accumulator != null) {
        accumulator.reset();
      }
      List<Future<CandidateOutcome>> pending = new ArrayList<>(k);
      CandidateOutcome[] outcomes = new CandidateOutcome[k];
      int folded = 0;
      CandidateReplicas.StepInputs inputs = replicas == null ? null : replicas.open(gradients, scope);
      try {
        for (int c = 0; c < k; c++) {
          int slot = c % slots;
          long n0 = System.nanoTime();
          if (c >= slots) {
            // The slot's previous candidate must be folded (and the slot reset to θ) before reuse.
            fold(folded++, pending, outcomes, baseLoss, logProposal, theta, thetaViews);
          }
          long n1 = System.nanoTime();
          // A remote replica gets its noise from the gradient copy on its device, in its own scope.
          NDManager slotScope = inputs == null ? scope : inputs.scope(slot);
          List<NDArray> slotGradients = inputs == null ? gradients : inputs.gradients(slot);
          CandidateStatistics stats = sampler.perturb(
              target(slot), slotGradients, sigmas, centreSquared, fromMle[c], noiseSeed(step, c), slotScope);
          logProposal[c] = config.density().logDensity(stats, config.effectiveZeroComponentWeight());
          long n2 = System.nanoTime();
          tWeighting += seconds(n0, n1);
          tNoise += seconds(n1, n2);
          SequenceModel candidateModel = replicas == null ? model : replicas.model(slot);
          Callable<CandidateOutcome> job = () -> evaluate(candidateModel, batch, contexts, maxNew, slotScope);
          pending.add(replicas == null ? CompletableFuture.completedFuture(job.call()) : replicas.submit(slot, job));
        }
        long f0 = System.nanoTime();
        while (folded < k) {
          fold(folded++, pending, outcomes, baseLoss, logProposal, theta, thetaViews);
        }
        tWeighting += seconds(f0, System.nanoTime());
      } catch (Exception e) {
        awaitQuietly(pending);
        if (replicas == null) {
          snapshot.copyTo(parameters);
        }
        throw e instanceof RuntimeException r ? r : new IllegalStateException("candidate evaluation failed", e);
      } finally {
        if (inputs != null) {
          inputs.close();
        }
      }
      for (int c = 0; c < k; c++) {
        candidateLosses[c] = outcomes[c].loss();
        tokens += outcomes[c].decoded().tokenCount();
        // With replicas these are summed over the workers and overlap each other and the noise.
        tCandidates += outcomes[c].decodeSeconds();
        tLoss += outcomes[c].lossSeconds();
      }
      long w0 = System.nanoTime();
      ImportanceWeights weights = ImportanceWeights.compute(baseLoss, candidateLosses, logProposal, config.alpha());
      List<NDArray> update;
      // Regenerated: the update is written into the gradients, so their host views serve its clipping too.
      List<FloatBuffer> updateViews = gradientViews;
      long w1;
      if (accumulator != null) {
        update = accumulator.negatedDirection().arrays();
        updateViews = accumulator.views();
        w1 = System.nanoTime();
        tWeighting += seconds(w0, w1);
      } else {
        update = regeneratedUpdate(gradients, sigmas, fromMle, weights.normalised(), step, scope);
        w1 = System.nanoTime();
        tNoise += seconds(w0, w1);
      }
      double updateNorm = GradientClipping.clipAndMeasure(
          update, updateViews, config.updateClipNorm(), team, CandidateSampler.CHUNK_ELEMENTS).norm();
      optimizer.updateAll(parameters.names(), parameters.arrays(), update);
      long w2 = System.nanoTime();
      tUpdate = seconds(w1, w2);
      return new StepDiagnostics(
          step,
          baseLoss,
          candidateLosses,
          fromMle,
          logProposal,
          weights.normalised(),
          weights.standardDeviation(),
          weights.effectiveSampleSize(),
          weights.totalWeight(fromMle),
          mleLoss,
          gradientNorm,
          updateNorm,
          tokens,
          new PhaseTimes(tDecode, tBackprop, tNoise, tCandidates, tLoss, tWeighting, tUpdate));
    }
  }

  /**
   * Waits for candidate {@code c}, folds {@code exp(α(C(θ) − C(θ+Δ_c)) − log q(Δ_c)) · Δ_c} into the
   * accumulator and resets its slot to θ.
   */
  private void fold(
      int c,
      List<Future<CandidateOutcome>> pending,
      CandidateOutcome[] outcomes,
      double baseLoss,
      double[] logProposal,
      List<NDArray> base,
      List<FloatBuffer> baseViews) {
    outcomes[c] = outcome(pending.get(c));
    double logWeight = config.alpha() * (baseLoss - outcomes[c].loss()) - logProposal[c];
    int slot = c % slots();
    TrainableParameters candidate = target(slot);
    boolean remote = replicas != null && replicas.remote(slot);
    List<FloatBuffer> candidateViews = baseViews == null || remote ? null : sampler.parameterViews(candidate);
    if (accumulator != null) {
      accumulator.addAndRestore(logWeight, candidate, candidateViews, base, baseViews, remote);
    } else {
      if (!Double.isFinite(logWeight)) {
        throw new IllegalArgumentException("log weight is " + logWeight);
      }
      if (candidateViews != null) {
        restoreOnHost(candidateViews, baseViews);
      } else {
        for (int w = 0; w < candidate.count(); w++) {
          TrainableParameters.copyInto(candidate.array(w), base.get(w));
        }
      }
    }
  }

  /** Copies θ back into a candidate's parameters through host views, block by block on the step's team. */
  private void restoreOnHost(List<FloatBuffer> candidate, List<FloatBuffer> base) {
    List<FlatBlocks.Block> blocks = FlatBlocks.of(base, CandidateSampler.CHUNK_ELEMENTS);
    team.forEach(
        blocks.size(),
        (i, scratch) -> {
          FlatBlocks.Block b = blocks.get(i);
          candidate.get(b.array()).put(b.offset(), base.get(b.array()), b.offset(), b.length());
        });
  }

  /**
   * {@link DirectionStorage#REGENERATED}: turns the clipped MLE gradient ∇L into the update {@code −Σ w̃_k Δ_k}
   * in place. With {@code Δ_k = σ·n_k − [k from the MLE component]·∇L}, the update is
   * {@code (Σ_{k MLE} w̃_k)·∇L − Σ_k w̃_k·σ·n_k}: scale ∇L, then redraw each n_k from its seed and subtract.
   */
  private List<NDArray> regeneratedUpdate(
      List<NDArray> gradients, double[] sigmas, boolean[] fromMle, double[] normalised, long step, NDManager scope) {
    double mleShare = 0;
    for (int c = 0; c < normalised.length; c++) {
      mleShare += fromMle[c] ? normalised[c] : 0;
    }
    long[] seeds = new long[normalised.length];
    for (int c = 0; c < seeds.length; c++) {
      seeds[c] = noiseSeed(step, c);
    }
    sampler.regenerate(gradients, sigmas, mleShare, normalised, seeds, scope);
    return gradients;
  }

  /** Candidate {@code candidate}'s noise seed at step {@code step}, whatever drew random numbers before. */
  private long noiseSeed(long step, int candidate) {
    return seeds.seed("noise", step, candidate);
  }

  private int slots() {
    return replicas == null ? 1 : replicas.count();
  }

  /** The parameters a slot's candidate is written into: the live ones (in place) or replica {@code slot}'s. */
  private TrainableParameters target(int slot) {
    return replicas == null ? parameters : replicas.parameters(slot);
  }

  /** Decodes one candidate and pools its task loss (on the calling thread or a replica's worker). */
  private CandidateOutcome evaluate(
      SequenceModel candidate, Batch batch, int[][] contexts, int maxNew, NDManager scope) {
    long t0 = System.nanoTime();
    DecodedBatch decoded = config.decoder().decode(candidate, contexts, maxNew, scope);
    long t1 = System.nanoTime();
    double loss = taskLoss.pooled(batch, decoded);
    return new CandidateOutcome(decoded, loss, seconds(t0, t1), seconds(t1, System.nanoTime()));
  }

  /** A candidate's decode and pooled loss, with the time each took. */
  private record CandidateOutcome(DecodedBatch decoded, double loss, double decodeSeconds, double lossSeconds) {}

  /** The outcome, rethrowing the evaluation's own exception (e.g. a non-finite loss) unwrapped. */
  private static CandidateOutcome outcome(Future<CandidateOutcome> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("candidate evaluation failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a candidate", e);
    }
  }

  /** Waits for every submitted evaluation to end, so no worker still uses a replica; ignores their errors. */
  private static void awaitQuietly(List<Future<CandidateOutcome>> pending) {
    for (Future<CandidateOutcome> f : pending) {
      try {
        f.get();
      } catch (ExecutionException | CancellationException e) {
        // already reported by the first failure
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private List<NDArray> gradients(NDManager scope) {
    List<NDArray> gradients = new ArrayList<>(parameters.count());
    for (int w = 0; w < parameters.count(); w++) {
      NDArray g = parameters.gradient(w);
      g.attach(scope);
      gradients.add(g);
    }
    return gradients;
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  /** Releases the persistent buffers. */
  @Override
  public void close() {
    sampler.close();
    releaseSearchBuffers();
    if (replicas != null) {
      replicas.close();
    }
  }
}
