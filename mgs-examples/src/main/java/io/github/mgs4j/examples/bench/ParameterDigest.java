package io.github.mgs4j.examples.bench;

import ai.djl.ndarray.NDArray;
import io.github.mgs4j.core.model.TrainableParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 of a model's parameters: every tensor's name and float32 values (little-endian), in parameter
 * order. Two runs that trained the same parameters bit for bit print the same digest, so a change that must not
 * alter results (a faster step, a refactoring) is checked by comparing one line.
 */
final class ParameterDigest {
  private ParameterDigest() {}

  /** The digest of the parameters' current values, as 64 hex digits. */
  static String sha256(TrainableParameters parameters) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    for (int w = 0; w < parameters.count(); w++) {
      digest.update(parameters.name(w).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      NDArray array = parameters.array(w);
      float[] values = array.toFloatArray();
      ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(values);
      digest.update(bytes);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
