/** Text metrics of the paper's tables: repetition, non-termination, length and perplexity. */
package io.github.mgs4j.losses.metrics;
