package io.github.mgs4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mgs4j.examples.gpt2.Gpt2Checkpoint;
import io.github.mgs4j.examples.gpt2.Gpt2Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's answers to the faults a user meets: clear errors before any work, nothing trained lost. */
class CliFaultsTest {

  private static List<String> errorLines(CliTest.Result r) {
    return r.err().lines().filter(l -> l.startsWith("error: ")).toList();
  }

  @Test
  void aHugeMaxNewTokensIsClippedToTheModelsPositions() throws Exception {
    CliTest.Result r = CliTest.cli("generate", "--model-dir", CliTest.tiny().toString(),
        "--max-new-tokens", "2147483647", "--input-ids", "1,2,3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("--max-new-tokens 2147483647 clipped to 62 (the model has 64 positions)"), r.err());
    assertTrue(r.out().strip().startsWith("["), r.out());
  }

  @Test
  void anOverlongRowIsNamedByItsOwnNumber() throws Exception {
    String longRow = String.join(",", java.util.Collections.nCopies(70, "5"));
    CliTest.Result r = CliTest.cli("generate", "--model-dir", CliTest.tiny().toString(),
        "--input-ids", "1,2", "--input-ids", longRow, "--input-ids", "3");
    assertEquals(1, r.code(), r.err());
    assertEquals(List.of("error: --input-ids row 2: 70 tokens exceed the model's 64 positions"), errorLines(r));
  }

  @Test
  void anUnwritableOutputFailsBeforeTraining(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    long start = System.nanoTime();
    CliTest.Result r = CliTest.cli("mle", "--init", "16,1,2,64", "--steps", "1000000", "--out",
        file.resolve("model").toString());
    assertEquals(1, r.code(), r.err());
    List<String> errors = errorLines(r);
    assertEquals(1, errors.size(), r.err());
    assertTrue(errors.get(0).contains("output directory (--out)") && errors.get(0).contains("not writable"),
        errors.get(0));
    assertTrue((System.nanoTime() - start) / 1e9 < 30, "refused before training");
  }

  @Test
  void aFailedFinalSaveRescuesTheModelAndNamesWhere(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    ModelOutput output = ModelOutput.prepare(out);
    // The directory disappears during training and a file takes its place.
    Files.delete(out);
    Files.writeString(out, "in the way");
    try (Gpt2Model model = Gpt2Checkpoint.load(CliTest.tiny())) {
      IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> output.save(model, null));
      Matcher m = Pattern.compile("it was saved to (\\S+) instead").matcher(e.getMessage());
      assertTrue(m.find(), e.getMessage());
      Path rescue = Path.of(m.group(1));
      try (Gpt2Model reloaded = Gpt2Checkpoint.load(rescue)) {
        assertEquals(model.vocabularySize(), reloaded.vocabularySize());
      } finally {
        try (var files = Files.walk(rescue)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** A directory with a small train and valid split of the same passage. */
  private static Path smallData(Path tmp) throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data"));
    String passage = "The Congress of the United States met again this year to consider the state of the Union and"
        + " the work of the nation.";
    Files.writeString(data.resolve("train.txt"), (passage + "\n").repeat(8));
    Files.writeString(data.resolve("valid.txt"), (passage + "\n").repeat(4));
    return data;
  }

  @Test
  void mgsWithAnotherTaskLossOrKRefusesToResumeNamingBoth(@TempDir Path tmp) throws Exception {
    Path data = smallData(tmp);
    Path model = tmp.resolve("model");
    CliTest.Result init = CliTest.cli("mle", "--init", "16,1,2,64", "--data", data.toString(), "--steps", "1",
        "--batch", "4", "--valid-size", "4", "--out", model.toString());
    assertEquals(0, init.code(), init.err());
    String ck = tmp.resolve("ck").toString();
    CliTest.Result edit = CliTest.cli("mgs", "--model-dir", model.toString(), "--data", data.toString(), "--loss",
        "edit", "--steps", "1", "--batch", "4", "--valid-size", "4", "--checkpoints", ck, "--out",
        tmp.resolve("a").toString());
    assertEquals(0, edit.code(), edit.err());
    CliTest.Result bleu = CliTest.cli("mgs", "--model-dir", model.toString(), "--data", data.toString(), "--loss",
        "bleu", "--k", "2", "--steps", "2", "--batch", "4", "--valid-size", "4", "--checkpoints", ck, "--out",
        tmp.resolve("b").toString());
    assertEquals(1, bleu.code(), bleu.err());
    String error = errorLines(bleu).get(0);
    assertTrue(error.contains("step.task_loss: edit in the checkpoint, sbleu now")
        && error.contains("step.candidates: 4 in the checkpoint, 2 now"), error);
  }

  @Test
  void resumingWithOtherSettingsIsRefusedUnlessAskedAndTheOverrideIsRecorded(@TempDir Path tmp) throws Exception {
    Path checkpoints = tmp.resolve("ck");
    String[] common = checkpointedMleStep(tmp, checkpoints);
    CliTest.Result changed = CliTest.cli(concat(common, "--out", tmp.resolve("b").toString(), "--lr", "0.01",
        "--steps", "2"));
    assertEquals(1, changed.code(), changed.err());
    List<String> errors = errorLines(changed);
    assertEquals(1, errors.size(), changed.err());
    assertTrue(errors.get(0).contains("resume refused") && errors.get(0).contains("step.optimizer")
        && errors.get(0).contains("--resume-changed"), errors.get(0));
    assertFalse(Files.exists(tmp.resolve("b").resolve("model.safetensors")));
    CliTest.Result forced = CliTest.cli(concat(common, "--out", tmp.resolve("c").toString(), "--lr", "0.01",
        "--steps", "2", "--resume-changed"));
    assertEquals(0, forced.code(), forced.err());
    String state = Files.readString(checkpoints.resolve(Files.readString(checkpoints.resolve("latest")).strip())
        .resolve("state.json"));
    assertTrue(state.contains("resume_overrides") && state.contains("\"field\" : \"step.optimizer\""), state);
  }

  @Test
  void resumingWithTheOtherMleTokensIsRefusedNamingTheModelSetting(@TempDir Path tmp) throws Exception {
    String[] common = checkpointedMleStep(tmp, tmp.resolve("ck"));
    CliTest.Result changed = CliTest.cli(concat(common, "--out", tmp.resolve("b").toString(), "--mle-tokens",
        "CONTINUATION", "--steps", "2"));
    assertEquals(1, changed.code(), changed.err());
    List<String> errors = errorLines(changed);
    assertEquals(1, errors.size(), changed.err());
    assertTrue(errors.get(0).contains("model.mle_tokens: AFTER_FIRST in the checkpoint, CONTINUATION now"),
        errors.get(0));
  }

  /**
   * Runs one checkpointed {@code mle} step of a tiny model on small data into {@code tmp/a}; returns the
   * arguments (without {@code --out} and {@code --steps}) that resume it.
   */
  private static String[] checkpointedMleStep(Path tmp, Path checkpoints) throws Exception {
    String[] common = {"mle", "--init", "16,1,2,64", "--data", smallData(tmp).toString(), "--batch", "4",
        "--valid-size", "4", "--validate-every", "1", "--checkpoints", checkpoints.toString()};
    CliTest.Result first = CliTest.cli(concat(common, "--out", tmp.resolve("a").toString(), "--steps", "1"));
    assertEquals(0, first.code(), first.err());
    return common;
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
