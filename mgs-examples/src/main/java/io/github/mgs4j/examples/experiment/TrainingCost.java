package io.github.mgs4j.examples.experiment;

/**
 * What fine-tuning one row of the example cost: steps, mean wall time per step and mean decoded tokens per step.
 *
 * @param model the row's name ({@code MGS-edit}, {@code MRT-edit}, …)
 * @param steps the steps run
 * @param secondsPerStep the mean wall time of a step
 * @param decodedTokensPerStep the mean number of tokens the step's decoders generated
 */
public record TrainingCost(String model, long steps, double secondsPerStep, double decodedTokensPerStep) {}
