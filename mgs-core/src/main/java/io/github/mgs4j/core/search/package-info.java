/**
 * MLE-guided parameter search itself: the proposal mixture, candidate sampling in place, log-space importance
 * weights, the streaming update direction, and {@link io.github.mgs4j.core.search.MgsStep}, one step of
 * Algorithm 1.
 */
package io.github.mgs4j.core.search;
