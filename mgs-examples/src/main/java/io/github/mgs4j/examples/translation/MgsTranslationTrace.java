package io.github.mgs4j.examples.translation;

import io.github.mgs4j.core.search.StepDiagnostics;
import io.github.mgs4j.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records the series of the paper's MT figures for one MGS run: validation BLEU after each validation (Fig. 5),
 * the standard deviation of the candidate weights per step (Fig. 6) and, per step, whether the highest-weight
 * candidate came from the MLE component (Fig. 7 plots its running share).
 */
public final class MgsTranslationTrace implements TrainingListener<StepDiagnostics> {
  private final String name;
  private final List<Double> validationSteps = new ArrayList<>();
  private final List<Double> validationBleu = new ArrayList<>();
  private final List<Double> weightStd = new ArrayList<>();
  private final List<Double> bestIsMle = new ArrayList<>();
  private long stepsDone;

  /** Creates an empty trace named after its row (e.g. {@code MGS-SBLEU}). */
  public MgsTranslationTrace(String name) {
    this.name = name;
  }

  @Override
  public synchronized void onStep(StepDiagnostics d) {
    stepsDone = d.step() + 1;
    weightStd.add(d.weightStd());
    int best = 0;
    for (int k = 1; k < d.weights().length; k++) {
      if (d.weights()[k] > d.weights()[best]) {
        best = k;
      }
    }
    bestIsMle.add(d.fromMle()[best] ? 1.0 : 0.0);
  }

  /** Records a validation BLEU after the steps done so far (the validator calls it). */
  public synchronized void onBleu(double bleu) {
    validationSteps.add((double) stepsDone);
    validationBleu.add(bleu);
  }

  /** The row name. */
  public String name() {
    return name;
  }

  /** The steps after which validations ran. */
  public synchronized List<Double> validationSteps() {
    return Collections.unmodifiableList(new ArrayList<>(validationSteps));
  }

  /** Validation BLEU, one per validation. */
  public synchronized List<Double> validationBleu() {
    return Collections.unmodifiableList(new ArrayList<>(validationBleu));
  }

  /** The standard deviation of the normalised candidate weights, per step. */
  public synchronized List<Double> weightStd() {
    return Collections.unmodifiableList(new ArrayList<>(weightStd));
  }

  /** Per step, 1 when the highest-weight candidate was an MLE-component candidate, else 0. */
  public synchronized List<Double> bestIsMle() {
    return Collections.unmodifiableList(new ArrayList<>(bestIsMle));
  }
}
