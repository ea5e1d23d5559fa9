/**
 * Training loops: {@link io.github.mgs4j.core.train.MgsTrainer} (MLE-guided parameter search) and
 * {@link io.github.mgs4j.core.train.MleTrainer} (the MLE stage), sharing one loop with validation, early
 * stopping, atomic checkpoints and exact resume.
 */
package io.github.mgs4j.core.train;
