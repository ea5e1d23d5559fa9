/**
 * Training loops: {@link io.github.mgs4j.core.train.MgsTrainer} (MLE-guided parameter search) and
 * {@link io.github.mgs4j.core.train.MleTrainer} (the MLE stage), sharing one loop with validation, early
 * stopping, atomic checkpoints and exact resume; {@link io.github.mgs4j.core.train.TrainerBuilder} and
 * {@link io.github.mgs4j.core.train.TrainingPlan} are what the baselines' trainers (minimum risk training,
 * policy gradient; see {@link io.github.mgs4j.core.sequence.ObjectiveTrainer}) build on.
 */
package io.github.mgs4j.core.train;
