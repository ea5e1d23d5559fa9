/**
 * How MGS uses the machine it runs on: process-level settings of the native runtime (glibc's allocator,
 * OpenMP's spinning, the JIT's inlining of the noise sampler), in-place host views of CPU arrays, and the team
 * of threads that runs large array passes block by block ({@link io.github.mgs4j.core.runtime.FlatBlocks}: the
 * blocks of a pass over several arrays).
 */
package io.github.mgs4j.core.runtime;
