/**
 * What the example models (GPT-2, Marian) share around their own layers: the bookkeeping of a cached
 * incremental {@link io.github.mgs4j.core.model.DecodingSession} and the ownership of arrays that outlive the
 * {@link ai.djl.ndarray.NDScope} that computed them.
 *
 * <ul>
 *   <li>{@link io.github.mgs4j.examples.nn.CachedDecodingSession}: the checks of {@code append}, the position
 *       count, the session's sub-manager and its start and close; a model writes only its step and its row
 *       selection.
 *   <li>{@link io.github.mgs4j.examples.nn.OwnedArrays}: moving a fresh array to its owner and closing the one it
 *       replaces.
 * </ul>
 */
package io.github.mgs4j.examples.nn;
