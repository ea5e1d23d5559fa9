/**
 * Optimizers with exportable state (Adam, AdamW, SGD on DJL's fused kernels), the MLE gradient, and global
 * L2 gradient clipping.
 */
package io.github.mgs4j.core.optim;
