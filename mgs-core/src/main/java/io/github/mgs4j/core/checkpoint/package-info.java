/** Crash-safe checkpoints with exact resume: parameters, optimizer state and training state. */
package io.github.mgs4j.core.checkpoint;
