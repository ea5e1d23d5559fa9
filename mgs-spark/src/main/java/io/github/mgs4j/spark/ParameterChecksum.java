package io.github.mgs4j.spark;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of a parameter list's float32 bits, tensor after tensor in order (big-endian, so the same on every
 * machine): the check that a worker's replica holds the driver's θ bit for bit.
 */
final class ParameterChecksum {
  private ParameterChecksum() {}

  /** The checksum, as 64 hexadecimal digits. */
  static String of(List<NDArray> parameters) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    for (NDArray array : parameters) {
      float[] values = array.toFloatArray();
      ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
      bytes.asFloatBuffer().put(values);
      sha.update(bytes);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
