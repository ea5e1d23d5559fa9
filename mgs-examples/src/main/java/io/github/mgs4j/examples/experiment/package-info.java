/** The text-completion experiment of the paper: evaluation (Table 1), training runs, reports and plots. */
package io.github.mgs4j.examples.experiment;
