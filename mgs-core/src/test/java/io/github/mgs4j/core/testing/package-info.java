/** Test fixtures shared with other modules through the test-jar: a bigram model, a toy task, a toy loss. */
package io.github.mgs4j.core.testing;
