package io.github.mgs4j.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mgs4j.core.io.AtomicFiles;
import io.github.mgs4j.core.io.MalformedFileException;
import io.github.mgs4j.core.io.SafetensorsFile;
import io.github.mgs4j.core.io.WritableDirectory;
import io.github.mgs4j.core.model.TrainableParameters;
import io.github.mgs4j.core.optim.StatefulOptimizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Crash-safe training checkpoints in a directory.
 *
 * <pre>
 * dir/checkpoint-000000100/parameters.safetensors   the model's parameters, by name
 * dir/checkpoint-000000100/optimizer.safetensors    the optimizer's moment arrays
 * dir/checkpoint-000000100/state.json               step, seed, early stopping, counters, run identity
 * dir/checkpoint-000000100/SHA256SUMS               the SHA-256 of the three files above
 * dir/best/...                                      the same layout, for the best validation loss
 * dir/latest                                        the name of the newest complete checkpoint
 * </pre>
 *
 * <p>A checkpoint is written into a temporary folder, flushed, and renamed into place; {@code latest} is
 * replaced atomically afterwards, so a crash at any moment leaves the previous checkpoint intact. Loading
 * verifies the SHA-256 of every file ({@code state.json} included), the format tag and every parameter's name
 * and shape before changing anything. {@link #prepare()} checks at the start of a run that the directory is
 * writable, and removes what a crash in the middle of a write left behind.
 */
public final class CheckpointStore {
  /** The format tag in {@code state.json}. */
  public static final String FORMAT = "mgs4j-checkpoint";

  /** The version written; version 1 (checksums inside {@code state.json}, no identity) is still read. */
  private static final int VERSION = 2;
  private static final String PARAMETERS = "parameters.safetensors";
  private static final String OPTIMIZER = "optimizer.safetensors";
  private static final String STATE = "state.json";
  private static final String SUMS = "SHA256SUMS";
  private static final List<String> SUMMED = List.of(PARAMETERS, OPTIMIZER, STATE);
  private static final String LATEST = "latest";
  private static final String BEST = "best";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How a caller resumes a changed run, named in {@link RunMismatchException}'s message. */
  private static final String RESUME_OVERRIDE =
      "TrainerConfig.Builder.resumeWithChangedSettings(true) (CLI: --resume-changed)";

  private final Path directory;
  private final int keep;

  /**
   * Creates a store.
   *
   * @param directory the checkpoint directory (created on first save)
   * @param keep how many step checkpoints to keep (the newest), ≥ 1; {@code best} is kept separately
   */
  public CheckpointStore(Path directory, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1, got " + keep);
    }
    this.directory = directory;
    this.keep = keep;
  }

  /** The directory. */
  public Path directory() {
    return directory;
  }

  /**
   * Saves a step checkpoint and points {@code latest} at it.
   *
   * @return the checkpoint's folder
   */
  public Path save(TrainableParameters parameters, StatefulOptimizer optimizer, TrainingState state)
      throws IOException {
    String name = String.format("checkpoint-%09d", state.nextStep());
    Path target = write(name, parameters, optimizer, state);
    AtomicFiles.write(
        directory.resolve(LATEST),
        channel -> channel.write(ByteBuffer.wrap((name + "\n").getBytes(StandardCharsets.UTF_8))));
    prune(name);
    return target;
  }

  /** Saves the parameters (and state) as the {@code best} checkpoint. */
  public Path saveBest(TrainableParameters parameters, StatefulOptimizer optimizer, TrainingState state)
      throws IOException {
    return write(BEST, parameters, optimizer, state);
  }

  /** The newest complete step checkpoint, if any. */
  public Optional<Path> latest() throws IOException {
    Path pointer = directory.resolve(LATEST);
    if (!Files.exists(pointer)) {
      List<String> orphans = stepCheckpointNames();
      if (!orphans.isEmpty()) {
        String newest = orphans.get(orphans.size() - 1);
        throw new CheckpointException(
            directory + ": holds " + orphans.size() + " checkpoint folder(s) (newest " + newest
                + ") but no 'latest' pointer; refusing to start over from step 0. Restore the pointer (write '"
                + newest + "' into " + pointer + ") to resume, or use another directory");
      }
      return Optional.empty();
    }
    String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
    Path folder = directory.resolve(name);
    if (name.isEmpty() || name.contains("/") || !Files.isDirectory(folder)) {
      throw new CheckpointException(pointer + ": points at '" + name + "', which is not a checkpoint folder");
    }
    return Optional.of(folder);
  }

  /** The best checkpoint, if one was saved. */
  public Optional<Path> best() {
    Path folder = directory.resolve(BEST);
    return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
  }

  private Path write(String name, TrainableParameters parameters, StatefulOptimizer optimizer, TrainingState state)
      throws IOException {
    Files.createDirectories(directory);
    Path temp = Files.createTempDirectory(directory, "." + name + ".tmp-");
    try {
      PairList<String, NDArray> params = new PairList<>();
      for (int w = 0; w < parameters.count(); w++) {
        params.add(parameters.name(w), parameters.array(w));
      }
      SafetensorsFile.write(temp.resolve(PARAMETERS), params);
      PairList<String, NDArray> moments = new PairList<>();
      optimizer.stateArrays().forEach(moments::add);
      SafetensorsFile.write(temp.resolve(OPTIMIZER), moments);
      byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(stateJson(parameters, optimizer, state));
      AtomicFiles.write(temp.resolve(STATE), channel -> channel.write(ByteBuffer.wrap(bytes)));
      StringBuilder sums = new StringBuilder();
      for (String file : SUMMED) {
        sums.append(sha256(temp.resolve(file))).append("  ").append(file).append('\n');
      }
      byte[] sumBytes = sums.toString().getBytes(StandardCharsets.UTF_8);
      AtomicFiles.write(temp.resolve(SUMS), channel -> channel.write(ByteBuffer.wrap(sumBytes)));
      Path target = directory.resolve(name);
      if (Files.exists(target)) {
        Path old = Files.createTempDirectory(directory, "." + name + ".old-");
        Files.delete(old);
        moveAtomically(target, old);
        moveAtomically(temp, target);
        deleteTree(old);
      } else {
        moveAtomically(temp, target);
      }
      return target;
    } finally {
      if (Files.exists(temp)) {
        deleteTree(temp);
      }
    }
  }

  private static ObjectNode stateJson(
      TrainableParameters parameters, StatefulOptimizer optimizer, TrainingState state) {
    ObjectNode json = JSON.createObjectNode();
    json.put("format", FORMAT);
    json.put("version", VERSION);
    json.put("kind", state.kind());
    json.put("next_step", state.nextStep());
    json.put("seed", state.seed());
    json.put("best_validation", state.bestValidation());
    json.put("best_step", state.bestStep());
    json.put("bad_validations", state.badValidations());
    ArrayNode history = json.putArray("validation_history");
    state.validationHistory().forEach(history::add);
    json.put("description", state.description());
    ObjectNode identity = json.putObject("identity");
    state.identity().fields().forEach(identity::put);
    ArrayNode overrides = json.putArray("resume_overrides");
    for (RunIdentity.ResumeOverride o : state.overrides()) {
      ObjectNode entry = overrides.addObject();
      entry.put("at_step", o.atStep());
      ArrayNode changed = entry.putArray("changes");
      for (RunIdentity.FieldChange c : o.changes()) {
        changed.addObject().put("field", c.field()).put("saved", c.saved()).put("current", c.current());
      }
    }
    json.put("optimizer", optimizer.describe());
    ObjectNode counters = json.putObject("optimizer_counters");
    optimizer.stateCounters().forEach(counters::put);
    ArrayNode params = json.putArray("parameters");
    for (int w = 0; w < parameters.count(); w++) {
      ObjectNode p = params.addObject();
      p.put("name", parameters.name(w));
      ArrayNode shape = p.putArray("shape");
      for (long d : parameters.array(w).getShape().getShape()) {
        shape.add(d);
      }
    }
    return json;
  }

  /**
   * Restores a checkpoint into the parameters (in place) and the optimizer, after verifying it completely and
   * comparing its run identity with the resuming run's.
   *
   * @param folder the checkpoint folder
   * @param parameters the model's parameters
   * @param optimizer the optimizer (its state is replaced)
   * @param expectedKind {@code "mgs"} or {@code "mle"}
   * @param identity the resuming run's identity
   * @param allowChanges whether a different identity is accepted (the caller records the change)
   * @return the saved training state, with the checkpoint's identity
   * @throws RunMismatchException if the identities differ and changes are not allowed; nothing is changed then
   * @throws CheckpointException if the checkpoint is missing, corrupt, foreign or of another kind; nothing is
   *     changed then
   */
  public TrainingState load(
      Path folder,
      TrainableParameters parameters,
      StatefulOptimizer optimizer,
      String expectedKind,
      RunIdentity identity,
      boolean allowChanges)
      throws IOException {
    JsonNode json = readVerified(folder, OPTIMIZER);
    String kind = json.path("kind").asText();
    if (!kind.equals(expectedKind)) {
      throw new CheckpointException(
          folder + ": is a '" + kind + "' checkpoint, but this trainer resumes '" + expectedKind + "' runs");
    }
    verifyParameters(folder, json, parameters);
    TrainingState saved = state(json);
    List<RunIdentity.FieldChange> changes = saved.identity().changesTo(identity);
    if (!changes.isEmpty() && !allowChanges) {
      throw new RunMismatchException(folder, changes, RESUME_OVERRIDE);
    }
    NDManager scratch = parameters.manager().newSubManager();
    try {
      SafetensorsFile paramFile = open(folder.resolve(PARAMETERS));
      List<NDArray> loaded = new ArrayList<>();
      for (int w = 0; w < parameters.count(); w++) {
        NDArray array = paramFile.readFloat32(parameters.name(w), scratch);
        if (!array.getShape().equals(parameters.array(w).getShape())) {
          throw new CheckpointException(
              folder + ": parameter '" + parameters.name(w) + "' has shape " + array.getShape()
                  + " in the file but " + parameters.array(w).getShape() + " in the model");
        }
        loaded.add(array);
      }
      SafetensorsFile optimizerFile = open(folder.resolve(OPTIMIZER));
      Map<String, NDArray> moments = new LinkedHashMap<>();
      for (String name : optimizerFile.tensors().keySet()) {
        moments.put(name, optimizerFile.readFloat32(name, scratch));
      }
      Map<String, Long> counters = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = json.path("optimizer_counters").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        counters.put(e.getKey(), e.getValue().asLong());
      }
      try {
        optimizer.loadState(moments, counters, parameters.manager());
      } catch (IllegalArgumentException e) {
        throw new CheckpointException(folder + ": optimizer state does not fit this optimizer: " + e.getMessage(), e);
      }
      for (int w = 0; w < parameters.count(); w++) {
        TrainableParameters.copyInto(parameters.array(w), loaded.get(w));
      }
    } finally {
      scratch.close();
    }
    return saved;
  }

  /** The training state recorded in a (verified) {@code state.json}. */
  private static TrainingState state(JsonNode json) {
    String kind = json.path("kind").asText();
    List<Double> history = new ArrayList<>();
    json.path("validation_history").forEach(v -> history.add(v.asDouble()));
    Map<String, String> identity = new LinkedHashMap<>();
    json.path("identity").fields().forEachRemaining(e -> identity.put(e.getKey(), e.getValue().asText()));
    List<RunIdentity.ResumeOverride> overrides = new ArrayList<>();
    for (JsonNode o : json.path("resume_overrides")) {
      List<RunIdentity.FieldChange> changes = new ArrayList<>();
      for (JsonNode c : o.path("changes")) {
        changes.add(new RunIdentity.FieldChange(
            c.path("field").asText(), textOrNull(c.path("saved")), textOrNull(c.path("current"))));
      }
      overrides.add(new RunIdentity.ResumeOverride(o.path("at_step").asLong(), changes));
    }
    return new TrainingState(
        kind,
        json.path("next_step").asLong(),
        json.path("seed").asLong(),
        json.path("best_validation").asDouble(Double.NaN),
        json.path("best_step").asLong(-1),
        json.path("bad_validations").asInt(),
        history,
        json.path("description").asText(""),
        new RunIdentity(identity),
        overrides);
  }

  private static String textOrNull(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  /**
   * Loads only the parameters of a checkpoint (e.g. {@code best}) into the model, after verification.
   *
   * @throws CheckpointException if the checkpoint is missing, corrupt or foreign
   */
  public void loadParameters(Path folder, TrainableParameters parameters) throws IOException {
    JsonNode json = readVerified(folder);
    verifyParameters(folder, json, parameters);
    try (NDManager scratch = parameters.manager().newSubManager()) {
      SafetensorsFile file = open(folder.resolve(PARAMETERS));
      List<NDArray> loaded = new ArrayList<>();
      for (int w = 0; w < parameters.count(); w++) {
        loaded.add(file.readFloat32(parameters.name(w), scratch));
      }
      for (int w = 0; w < parameters.count(); w++) {
        TrainableParameters.copyInto(parameters.array(w), loaded.get(w));
      }
    }
  }

  private static SafetensorsFile open(Path file) throws CheckpointException {
    try {
      return SafetensorsFile.open(file);
    } catch (MalformedFileException e) {
      throw new CheckpointException(e.getMessage(), e);
    }
  }

  /**
   * Reads {@code state.json} after verifying the checksums of it, the parameters and the other files named:
   * from {@code SHA256SUMS} (version 2), or from {@code state.json} itself (version 1).
   */
  private static JsonNode readVerified(Path folder, String... alsoVerified) throws IOException {
    Path sums = folder.resolve(SUMS);
    if (Files.exists(sums)) {
      Map<String, String> recorded = readSums(sums);
      for (String file : SUMMED) {
        if (file.equals(PARAMETERS) || file.equals(STATE) || List.of(alsoVerified).contains(file)) {
          verifyChecksum(folder, file, recorded.get(file), sums.getFileName().toString());
        }
      }
      return readState(folder);
    }
    JsonNode json = readState(folder);
    if (json.path("version").asInt() >= 2) {
      throw new CheckpointException(sums + ": missing from the checkpoint (its files cannot be verified)");
    }
    verifyChecksum(folder, PARAMETERS, json.path("sha256").path(PARAMETERS).asText(), STATE);
    for (String file : alsoVerified) {
      verifyChecksum(folder, file, json.path("sha256").path(file).asText(), STATE);
    }
    return json;
  }

  private static Map<String, String> readSums(Path sums) throws IOException {
    Map<String, String> recorded = new LinkedHashMap<>();
    for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      int gap = line.indexOf("  ");
      if (gap != 64) {
        throw new CheckpointException(sums + ": corrupt line '" + line + "' (expected '<sha256>  <file>')");
      }
      recorded.put(line.substring(gap + 2), line.substring(0, gap));
    }
    return recorded;
  }

  private static JsonNode readState(Path folder) throws IOException {
    Path file = folder.resolve(STATE);
    JsonNode json;
    try {
      json = JSON.readTree(file.toFile());
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new CheckpointException(file + ": missing; " + folder + " is not an mgs4j checkpoint", e);
    } catch (IOException e) {
      throw new CheckpointException(file + ": corrupt (not JSON): " + e.getMessage(), e);
    }
    if (json == null || !FORMAT.equals(json.path("format").asText())) {
      throw new CheckpointException(
          file + ": foreign file: format is '" + (json == null ? "" : json.path("format").asText())
              + "', expected '" + FORMAT + "'");
    }
    int version = json.path("version").asInt();
    if (version < 1 || version > VERSION) {
      throw new CheckpointException(
          file + ": unsupported checkpoint version " + json.path("version") + " (this library reads 1 to " + VERSION
              + ")");
    }
    return json;
  }

  private static void verifyChecksum(Path folder, String fileName, String expected, String recordedIn)
      throws IOException {
    Path file = folder.resolve(fileName);
    if (!Files.exists(file)) {
      throw new CheckpointException(file + ": missing from the checkpoint");
    }
    if (expected == null || expected.isEmpty()) {
      throw new CheckpointException(file + ": " + recordedIn + " records no checksum for it");
    }
    String actual = sha256(file);
    if (!expected.equals(actual)) {
      throw new CheckpointException(
          file + ": corrupt: SHA-256 is " + actual + " but " + recordedIn + " records " + expected);
    }
  }

  private static void verifyParameters(Path folder, JsonNode json, TrainableParameters parameters)
      throws CheckpointException {
    JsonNode saved = json.path("parameters");
    if (saved.size() != parameters.count()) {
      throw new CheckpointException(
          folder + ": holds " + saved.size() + " parameter tensors but the model has " + parameters.count()
              + " (a checkpoint of another model?)");
    }
    for (int w = 0; w < parameters.count(); w++) {
      JsonNode p = saved.get(w);
      String name = p.path("name").asText();
      if (!name.equals(parameters.name(w))) {
        throw new CheckpointException(
            folder + ": parameter " + w + " is '" + name + "' in the checkpoint but '" + parameters.name(w)
                + "' in the model (a checkpoint of another model?)");
      }
      long[] dims = new long[p.path("shape").size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = p.path("shape").get(i).asLong();
      }
      Shape shape = new Shape(dims);
      if (!shape.equals(parameters.array(w).getShape())) {
        throw new CheckpointException(
            folder + ": parameter '" + name + "' has shape " + shape + " in the checkpoint but "
                + parameters.array(w).getShape() + " in the model");
      }
    }
  }

  /** The names of the step checkpoint folders, oldest first (none if the directory does not exist). */
  private List<String> stepCheckpointNames() throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return names;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "checkpoint-*")) {
      for (Path p : stream) {
        if (Files.isDirectory(p)) {
          names.add(p.getFileName().toString());
        }
      }
    }
    names.sort(null);
    return names;
  }

  /**
   * Makes the directory ready for a run, before any training: creates it, checks that files can be created
   * in it (so an unwritable directory fails now, not after hours of training), and removes what a crash in
   * the middle of a write left behind: partial {@code .NAME.tmp-*} folders are deleted; a {@code .NAME.old-*}
   * folder (the previous version of a checkpoint being replaced) is moved back if {@code NAME} is missing,
   * else deleted.
   *
   * @return the leftover folders that were removed or restored
   * @throws IOException naming the directory if it cannot be created or written
   */
  public List<Path> prepare() throws IOException {
    WritableDirectory.require(directory, "checkpoint directory");
    List<Path> cleaned = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, ".*")) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        int tmp = name.lastIndexOf(".tmp-");
        int old = name.lastIndexOf(".old-");
        if (!Files.isDirectory(p) || (tmp < 0 && old < 0)) {
          continue;
        }
        if (old > 0) {
          Path original = directory.resolve(name.substring(1, old));
          if (!Files.exists(original)) {
            moveAtomically(p, original);
            cleaned.add(p);
            continue;
          }
        }
        deleteTree(p);
        cleaned.add(p);
      }
    }
    return cleaned;
  }

  private void prune(String newest) throws IOException {
    List<String> names = stepCheckpointNames();
    int excess = names.size() - keep;
    for (int i = 0; i < excess; i++) {
      if (!names.get(i).equals(newest)) {
        deleteTree(directory.resolve(names.get(i)));
      }
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      List<Path> all = paths.sorted(java.util.Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
