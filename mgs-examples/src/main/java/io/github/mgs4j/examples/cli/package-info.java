/** The picocli command-line interface of the example: run, mle, mgs, eval, generate, score. */
package io.github.mgs4j.examples.cli;
