/**
 * The model abstraction MGS trains: {@link io.github.mgs4j.core.model.SequenceModel}, the
 * {@link io.github.mgs4j.core.model.Batch} it trains on, and the incremental
 * {@link io.github.mgs4j.core.model.DecodingSession} decoders drive.
 */
package io.github.mgs4j.core.model;
