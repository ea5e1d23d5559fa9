/**
 * Process-level settings of the native runtime that MGS training benefits from: glibc's allocator and OpenMP's
 * spinning.
 */
package io.github.mgs4j.core.runtime;
