package io.github.mgs4j.core.model;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A SHA-256 over a list of batches (their order, row counts, and every context and target id), recorded in
 * checkpoints so that resuming on other data is noticed.
 */
public final class BatchFingerprint {
  private BatchFingerprint() {}

  /**
   * The fingerprint of the batches.
   *
   * @param batches the batches, in order
   * @return 64 lower-case hex digits
   */
  public static String of(List<Batch> batches) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Batch batch : batches) {
      digest.update(ints(new int[] {batch.size()}));
      for (int i = 0; i < batch.size(); i++) {
        digest.update(row(batch.context(i)));
        digest.update(row(batch.target(i)));
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The row's length, then its ids, as big-endian ints. */
  private static ByteBuffer row(int[] ids) {
    ByteBuffer bytes = ByteBuffer.allocate(Integer.BYTES * (ids.length + 1)).putInt(ids.length);
    bytes.asIntBuffer().put(ids);
    return bytes.position(bytes.capacity()).flip();
  }

  private static ByteBuffer ints(int[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(Integer.BYTES * values.length);
    bytes.asIntBuffer().put(values);
    return bytes;
  }
}
