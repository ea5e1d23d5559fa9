/**
 * The {@code translate} command group: {@code run} (Table 4 from the bundled model), {@code mle}, {@code mgs},
 * {@code eval}, {@code generate} and {@code score} for users' own data and Marian checkpoints.
 */
package io.github.mgs4j.examples.translation.cli;
