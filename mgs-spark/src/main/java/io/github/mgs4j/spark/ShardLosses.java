package io.github.mgs4j.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * What one worker contributes to a step: for each candidate k, the task loss of every row of its shard and the
 * tokens it decoded. It travels as a barrier {@code allGather} message ({@link #encode}): 8
 * bytes per row and candidate, plus 8 per candidate.
 *
 * @param partition the shard's index p
 * @param losses {@code losses[k][i]}: c(Ŷ, Y) of the shard's row i under θ + Δ_k
 * @param tokens {@code tokens[k]}: tokens decoded for the shard under θ + Δ_k
 */
record ShardLosses(int partition, double[][] losses, long[] tokens) implements Serializable {

  /** The message: Base64 of the numbers, since {@code allGather} carries strings. */
  String encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(partition);
      out.writeInt(losses.length);
      out.writeInt(losses.length == 0 ? 0 : losses[0].length);
      for (int k = 0; k < losses.length; k++) {
        out.writeLong(tokens[k]);
        for (double loss : losses[k]) {
          out.writeDouble(loss);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** Reads a message written by {@link #encode}. */
  static ShardLosses decode(String message) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(message)))) {
      int partition = in.readInt();
      int k = in.readInt();
      int rows = in.readInt();
      double[][] losses = new double[k][rows];
      long[] tokens = new long[k];
      for (int c = 0; c < k; c++) {
        tokens[c] = in.readLong();
        for (int i = 0; i < rows; i++) {
          losses[c][i] = in.readDouble();
        }
      }
      return new ShardLosses(partition, losses, tokens);
    } catch (IOException e) {
      throw new UncheckedIOException("malformed shard message", e);
    }
  }
}
