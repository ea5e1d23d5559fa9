/**
 * Training loops: {@link io.github.mgs4j.core.train.MgsTrainer} (MLE-guided parameter search) and
 * {@link io.github.mgs4j.core.train.MleTrainer} (the MLE stage), sharing one loop with validation, early
 * stopping, atomic checkpoints and exact resume; {@link io.github.mgs4j.core.train.ObjectiveTrainer} and
 * {@link io.github.mgs4j.core.train.TrainerBuilder} are what the baselines' trainers (minimum risk training,
 * policy gradient) add to it.
 */
package io.github.mgs4j.core.train;
