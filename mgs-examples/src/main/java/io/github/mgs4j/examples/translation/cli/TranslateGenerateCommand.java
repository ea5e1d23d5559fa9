package io.github.mgs4j.examples.translation.cli;

import io.github.mgs4j.core.decode.BeamSearchDecoder;
import io.github.mgs4j.core.decode.Decoder;
import io.github.mgs4j.core.decode.GreedyDecoder;
import io.github.mgs4j.examples.translation.MarianCheckpoint;
import io.github.mgs4j.examples.translation.MarianModel;
import io.github.mgs4j.examples.translation.TranslationTokenizer;
import io.github.mgs4j.examples.translation.Translator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code translate generate}: token ids in, token ids out ({@code --source-ids}, one JSON array per source, as
 * transformers' {@code generate} with the same beam width, {@code length_penalty=1.0},
 * {@code early_stopping=True}, without the decoder start token, up to and including EOS), or text in, text out
 * ({@code --text}, or {@code --input} lines) through the model directory's tokenizer.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Translate token ids or text.")
public final class TranslateGenerateCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--source-ids", description = "Comma-separated source ids (EOS included), repeatable.")
    List<String> sourceIds;

    @Option(names = "--text", description = "A source sentence, repeatable.")
    List<String> text;

    @Option(names = "--input", description = "A file of source sentences, one per line ('-' for standard input).")
    Path file;

    @Option(names = "--source-ids-file", description = "A file of sources as ids, one comma-separated line each.")
    Path idsFile;
  }

  @Option(names = "--time", description = "Print the decoding time (model loaded, output excluded) to stderr.")
  boolean time;

  @Option(names = "--max-new-tokens", defaultValue = "0",
      description = "The most generated tokens (0 = 1.5 x the longest source + 10; default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(names = "--beam", defaultValue = "1", description = "Beam width (1 = greedy; default: ${DEFAULT-VALUE}).")
  int beam;

  @Option(names = "--batch", defaultValue = "64", description = "Sources decoded together (default: ${DEFAULT-VALUE}).")
  int batch;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (beam < 1) {
      throw new IllegalArgumentException("--beam must be at least 1, got " + beam);
    }
    if (maxNewTokens < 0 || batch < 1) {
      throw new IllegalArgumentException("--max-new-tokens must be >= 0 and --batch >= 1");
    }
    Path dir = model.directory();
    Decoder decoder = beam == 1 ? new GreedyDecoder() : new BeamSearchDecoder(beam, 1.0);
    PrintWriter out = spec.commandLine().getOut();
    try (MarianModel marian = MarianCheckpoint.load(dir)) {
      int cap = marian.config().maxPositionEmbeddings() - 1;
      Translator translator = maxNewTokens > 0
          ? new Translator(decoder, batch, 0, maxNewTokens, Math.min(cap, maxNewTokens))
          : Translator.of(decoder, batch, cap);
      if (input.sourceIds != null || input.idsFile != null) {
        int[][] sources = TokenIds.parse(input.idsFile != null ? input.idsFile.toString() : "--source-ids",
            input.idsFile != null ? readLines(input.idsFile) : input.sourceIds);
        long start = System.nanoTime();
        int[][] translations = translator.translate(marian, sources, null);
        if (time) {
          spec.commandLine().getErr().printf(java.util.Locale.ROOT, "decoded %d sources in %.3f s%n", sources.length,
              (System.nanoTime() - start) / 1e9);
          spec.commandLine().getErr().flush();
        }
        for (int[] ids : translations) {
          out.println(TokenIds.json(ids));
        }
      } else {
        try (TranslationTokenizer tokenizer = TranslationTokenizer.fromDirectory(dir)) {
          List<String> lines = input.text != null ? input.text : readLines(input.file);
          int[][] sources = new int[lines.size()][];
          for (int i = 0; i < sources.length; i++) {
            if (lines.get(i).isBlank()) {
              throw new IllegalArgumentException("source line " + (i + 1) + " is empty");
            }
            sources[i] = tokenizer.encode(lines.get(i));
          }
          for (int[] ids : translator.translate(marian, sources, null)) {
            out.println(tokenizer.decode(ids));
          }
        }
      }
    }
    out.flush();
    return 0;
  }

  private static List<String> readLines(Path file) throws java.io.IOException {
    if (file.toString().equals("-")) {
      List<String> lines = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
      return lines;
    }
    if (!Files.isRegularFile(file)) {
      throw new io.github.mgs4j.core.io.MalformedFileException(file + ": file not found");
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }
}
