package io.github.mgs4j.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mgs4j.core.execution.DirectionStorage;
import io.github.mgs4j.core.execution.Evaluators;
import io.github.mgs4j.core.execution.ExecutionConfig;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.OptimizerConfig;
import io.github.mgs4j.core.testing.BigramModel;
import org.junit.jupiter.api.Test;

class StepMemoryEstimateTest {
  @Test
  void termsFollowTheEvaluatorTheDirectionStorageAndTheOptimizer() {
    try (BigramModel model = new BigramModel(8, 6, 7, 1)) {
      TrainableParameters parameters = TrainableParameters.of(model);
      long bytes = parameters.bytes();
      MgsConfig adam = MgsConfig.builder().build();
      MgsConfig sgd = MgsConfig.builder()
          .optimizer(OptimizerConfig.builder().kind(OptimizerConfig.Kind.SGD).learningRate(0.1f).build())
          .build();

      StepMemoryEstimate inPlaceAccumulated = StepMemoryEstimate.of(parameters, adam, ExecutionConfig.builder()
          .evaluator(Evaluators.inPlace()).directionStorage(DirectionStorage.ACCUMULATOR).build());
      assertEquals(new StepMemoryEstimate(bytes, 2 * bytes, 2 * bytes, 0), inPlaceAccumulated);
      assertEquals(6 * bytes, inPlaceAccumulated.totalBytes());

      StepMemoryEstimate replicasRegenerated = StepMemoryEstimate.of(parameters, sgd, ExecutionConfig.builder()
          .evaluator(Evaluators.replicas(3)).directionStorage(DirectionStorage.REGENERATED).build());
      assertEquals(new StepMemoryEstimate(bytes, 0, 0, 3 * bytes), replicasRegenerated);

      StepMemoryEstimate replicasAccumulated = StepMemoryEstimate.of(parameters, adam, ExecutionConfig.builder()
          .evaluator(Evaluators.replicas(2)).directionStorage(DirectionStorage.AUTO).build());
      assertEquals(new StepMemoryEstimate(bytes, 2 * bytes, bytes, 2 * bytes), replicasAccumulated);
    }
  }
}
