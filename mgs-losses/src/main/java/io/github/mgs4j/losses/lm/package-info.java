/** The LM-score task loss under a frozen scoring model. */
package io.github.mgs4j.losses.lm;
