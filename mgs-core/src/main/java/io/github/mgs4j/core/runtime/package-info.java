/**
 * How MGS uses the machine: the arithmetic over parameter vectors
 * ({@link io.github.mgs4j.core.runtime.ParameterArithmetic}: Java passes over
 * {@link io.github.mgs4j.core.runtime.HostViews} on a {@link io.github.mgs4j.core.runtime.BlockWorkers} team, or
 * engine operations), the candidates' noise ({@link io.github.mgs4j.core.runtime.GaussianNoise}), the
 * {@link io.github.mgs4j.core.runtime.Block} every pass is cut into, and the process-wide settings an
 * application may opt into ({@link io.github.mgs4j.core.runtime.ProcessTuning}).
 */
package io.github.mgs4j.core.runtime;
