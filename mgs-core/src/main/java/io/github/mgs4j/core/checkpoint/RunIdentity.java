package io.github.mgs4j.core.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything that defines a training run's trajectory, as named fields: the step's hyper-parameters and task
 * loss, the loop's seed and validation schedule, a fingerprint of the training and validation data, and the
 * model's shape. A checkpoint records it; resuming compares it with the resuming run's and refuses a mismatch
 * (naming each differing field) unless the caller asks to continue with the new settings.
 *
 * <p>Settings that do not change the trajectory are not part of it: the number of steps (a run may be
 * extended), checkpoint frequency and retention, and how the step runs (replicas, devices, micro-batches).
 *
 * @param fields the fields in a stable order (copied; immutable)
 */
public record RunIdentity(Map<String, String> fields) {

  /** Copies the fields, keeping their order. */
  public RunIdentity {
    Objects.requireNonNull(fields, "fields");
    Map<String, String> copy = new LinkedHashMap<>();
    fields.forEach(
        (k, v) -> copy.put(Objects.requireNonNull(k, "field name"), Objects.requireNonNull(v, "value of " + k)));
    fields = Collections.unmodifiableMap(copy);
  }

  /** The identity of a checkpoint written before run identities were recorded: no fields. */
  public static RunIdentity unknown() {
    return new RunIdentity(Map.of());
  }

  /** A builder that keeps fields in insertion order. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether nothing is known (a checkpoint from before run identities). */
  public boolean isUnknown() {
    return fields.isEmpty();
  }

  /**
   * The fields whose values differ between this (saved) identity and the current run's, in a stable order:
   * this identity's fields first, then fields only the current run has.
   *
   * @param current the resuming run's identity
   * @return the differences; empty when the runs are the same; one {@code run_identity} change when this
   *     identity is {@link #isUnknown() unknown}
   */
  public List<FieldChange> changesTo(RunIdentity current) {
    if (isUnknown()) {
      return List.of(new FieldChange("run_identity", "not recorded (an older checkpoint format)", "recorded"));
    }
    Set<String> names = new LinkedHashSet<>(fields.keySet());
    names.addAll(current.fields.keySet());
    List<FieldChange> changes = new ArrayList<>();
    for (String name : names) {
      String before = fields.get(name);
      String after = current.fields.get(name);
      if (!Objects.equals(before, after)) {
        changes.add(new FieldChange(name, before, after));
      }
    }
    return changes;
  }

  /**
   * One field that differs between a checkpoint's run and the resuming run.
   *
   * @param field the field name
   * @param saved the checkpoint's value, or {@code null} if the checkpoint has no such field
   * @param current the resuming run's value, or {@code null} if it has no such field
   */
  public record FieldChange(String field, String saved, String current) {
    @Override
    public String toString() {
      return field + ": " + (saved == null ? "(absent)" : saved) + " in the checkpoint, "
          + (current == null ? "(absent)" : current) + " now";
    }
  }

  /**
   * A recorded decision to resume despite changed fields: at which step, and what changed.
   *
   * @param atStep the step the run resumed at
   * @param changes the fields that differed
   */
  public record ResumeOverride(long atStep, List<FieldChange> changes) {
    /** Copies the changes. */
    public ResumeOverride {
      changes = List.copyOf(changes);
    }
  }

  /** Collects fields in order. */
  public static final class Builder {
    private final Map<String, String> fields = new LinkedHashMap<>();

    private Builder() {}

    /** Adds (or replaces) a field; the value is recorded as {@link String#valueOf(Object)}. */
    public Builder put(String name, Object value) {
      fields.put(name, String.valueOf(value));
      return this;
    }

    /** Adds every field of a map under a prefix ({@code prefix + "." + name}), in the order of the names. */
    public Builder putAll(String prefix, Map<String, String> values) {
      new TreeMap<>(values).forEach((k, v) -> fields.put(prefix + "." + k, v));
      return this;
    }

    /** The identity. */
    public RunIdentity build() {
      return new RunIdentity(fields);
    }
  }
}
