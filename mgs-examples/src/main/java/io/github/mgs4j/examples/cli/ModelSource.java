package io.github.mgs4j.examples.cli;

import ai.djl.engine.Engine;
import io.github.mgs4j.core.io.MalformedFileException;
import io.github.mgs4j.examples.experiment.BundledModel;
import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a command's model comes from: {@code --model-dir} (a Hugging Face GPT-2 directory) or, without it,
 * the bundled model; and {@code --device}.
 */
public final class ModelSource {
  @Option(names = "--model-dir", description = "A GPT-2 checkpoint directory (config.json, model.safetensors, "
      + "tokenizer.json or vocab.json + merges.txt). Default: the bundled model.")
  Path modelDir;

  @Option(names = "--device", description = "cpu or gpu (default: DJL's default device: the GPU when the build "
      + "has CUDA natives and one is visible, else the CPU).")
  String device;

  /** The model directory, extracting the bundled model to a temporary directory when none was given. */
  public Path directory() throws IOException {
    checkDevice();
    if (modelDir != null) {
      if (!Files.isDirectory(modelDir)) {
        throw new MalformedFileException(modelDir + ": model directory not found");
      }
      return modelDir;
    }
    return extractBundled();
  }

  /** Loads the model. */
  public Gpt2Model load() throws IOException {
    return Gpt2Checkpoint.load(directory());
  }

  /**
   * Checks {@code --device} against DJL's default device, on which every array of the model is created: it
   * cannot be moved, so a request the build cannot honour is an error rather than silently ignored.
   */
  private void checkDevice() {
    if (device == null) {
      return;
    }
    switch (device) {
      case "cpu" -> {
        if (Engine.getInstance().defaultDevice().isGpu()) {
          throw new IllegalArgumentException(
              "--device cpu: this build runs on the visible GPU; hide it with CUDA_VISIBLE_DEVICES= to use the CPU");
        }
      }
      case "gpu" -> {
        if (!Engine.getInstance().defaultDevice().isGpu()) {
          throw new IllegalArgumentException(
              "--device gpu: no GPU is visible to DJL (build with -Pgpu and see docs/gpu.md)");
        }
      }
      default -> throw new IllegalArgumentException("--device must be cpu or gpu, got '" + device + "'");
    }
  }

  /** Copies the bundled model to a fresh temporary directory. */
  static Path extractBundled() throws IOException {
    return BundledModel.extract();
  }
}
