/** Levenshtein distance over ids, tokens and code points, and the authors' edit-distance task loss. */
package io.github.mgs4j.losses.edit;
