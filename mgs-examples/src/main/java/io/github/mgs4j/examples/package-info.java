/** The GPT-2 text-completion example and its command-line interface. */
package io.github.mgs4j.examples;
