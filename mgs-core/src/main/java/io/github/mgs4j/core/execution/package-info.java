/**
 * How an MGS step runs, behind the seams {@link io.github.mgs4j.core.search.MgsStep} uses: the
 * {@link io.github.mgs4j.core.execution.ExecutionConfig}, the candidate evaluators (in place, on replicas, on
 * replicas across devices) and the two ways of storing the update direction. Nothing here changes what a step
 * computes beyond float rounding.
 */
package io.github.mgs4j.core.execution;
