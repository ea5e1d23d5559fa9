/** The {@code mgs-losses-cli.jar} command line: a sacrebleu-like scorer for JSON Lines. */
package io.github.mgs4j.losses.cli;
