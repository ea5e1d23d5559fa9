/** Text handling that reproduces Python's semantics exactly (whitespace, code points). */
package io.github.mgs4j.losses.text;
