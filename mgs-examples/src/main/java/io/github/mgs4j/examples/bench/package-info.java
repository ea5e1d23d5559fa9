/** The {@code bench} command: MGS step timings against their floor, tokens per second, peak memory. */
package io.github.mgs4j.examples.bench;
