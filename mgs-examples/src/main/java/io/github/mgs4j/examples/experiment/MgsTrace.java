package io.github.mgs4j.examples.experiment;

import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records the per-step series the paper plots: the training task loss C(θ) (Fig. 1), the standard deviation
 * of the candidate weights (Fig. 2) and the weight on MLE-component candidates (Fig. 3).
 */
public final class MgsTrace implements TrainingListener<StepDiagnostics> {
  private final String name;
  private final List<Double> taskLoss = new ArrayList<>();
  private final List<Double> weightStd = new ArrayList<>();
  private final List<Double> mleShare = new ArrayList<>();

  /**
   * Creates an empty trace.
   *
   * @param name the series name (e.g. {@code MGS-LM})
   */
  public MgsTrace(String name) {
    this.name = name;
  }

  @Override
  public synchronized void onStep(StepDiagnostics d) {
    taskLoss.add(d.baseLoss());
    weightStd.add(d.weightStd());
    mleShare.add(d.mleWeightShare());
  }

  /** The series name. */
  public String name() {
    return name;
  }

  /** C(θ) per step. */
  public synchronized List<Double> taskLoss() {
    return Collections.unmodifiableList(new ArrayList<>(taskLoss));
  }

  /** Weight standard deviation per step. */
  public synchronized List<Double> weightStd() {
    return Collections.unmodifiableList(new ArrayList<>(weightStd));
  }

  /** Total weight on MLE-component candidates per step. */
  public synchronized List<Double> mleShare() {
    return Collections.unmodifiableList(new ArrayList<>(mleShare));
  }
}
