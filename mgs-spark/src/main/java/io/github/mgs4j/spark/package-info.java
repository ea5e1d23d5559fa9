/**
 * MGS candidates evaluated on Apache Spark workers in barrier execution mode: seeds out, losses back.
 *
 * <p>{@link io.github.mgs4j.spark.SparkEvaluator} is a {@link io.github.mgs4j.core.search.CandidateEvaluator}
 * factory: the driver's {@link io.github.mgs4j.core.search.MgsStep} runs unchanged, and each step's K candidates
 * are evaluated by W workers that each hold a model replica and decode a shard of the batch's rows. Every worker
 * sends the per-row losses of its shard to every other through the barrier's {@code allGather}, and every
 * replica then finishes the same {@code MgsStep} with the same losses, so all apply the same update; parameters
 * never cross the network. See {@code docs/distributed.md}.
 */
package io.github.mgs4j.spark;
