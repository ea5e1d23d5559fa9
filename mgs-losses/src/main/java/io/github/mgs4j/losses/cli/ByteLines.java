package io.github.mgs4j.losses.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code '\n'} only (a {@code '\r'} stays in the line, as with Python's
 * {@code open(newline="\n")}), without decoding, so each line's encoding can be checked on its own. A line
 * longer than {@code maxBytes} is consumed but not kept: {@link #tooLong()} then reports its length. Not
 * thread-safe.
 */
final class ByteLines {
  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private boolean eof;
  private byte[] line = new byte[256];
  private int length;
  private long dropped;
  private long number;

  /**
   * A reader of {@code in}.
   *
   * @param in the stream
   * @param maxBytes the longest line kept, in bytes ({@code Integer.MAX_VALUE - 8} at most)
   */
  ByteLines(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /**
   * Reads the next line (without its {@code '\n'}); a final line without one counts, an empty tail after the
   * last {@code '\n'} does not.
   *
   * @return whether there was a line
   */
  boolean next() throws IOException {
    length = 0;
    dropped = 0;
    boolean any = false;
    while (true) {
      if (position == limit) {
        if (eof || !fill()) {
          if (any) {
            number++;
          }
          return any;
        }
      }
      any = true;
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      append(position, end - position);
      if (end < limit) {
        position = end + 1;
        number++;
        return true;
      }
      position = limit;
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    if (n < 0) {
      eof = true;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  private void append(int from, int count) {
    if (dropped > 0) {
      dropped += count;
      return;
    }
    if ((long) length + count > maxBytes) {
      dropped = (long) length + count;
      length = 0;
      return;
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, (int) Math.min(maxBytes, Math.max(length + count, 2L * line.length)));
    }
    System.arraycopy(buffer, from, line, length, count);
    length += count;
  }

  /** Whether a complete line is already buffered, so {@link #next()} will not block on the stream. */
  boolean lineBuffered() throws IOException {
    for (int i = position; i < limit; i++) {
      if (buffer[i] == '\n') {
        return true;
      }
    }
    return eof || in.available() > 0;
  }

  /** The 1-based number of the current line. */
  long number() {
    return number;
  }

  /** Whether the current line was longer than the limit (its bytes were not kept). */
  boolean tooLong() {
    return dropped > 0;
  }

  /** The length in bytes of the current line when it was too long. */
  long droppedBytes() {
    return dropped;
  }

  /** A copy of the current line's bytes. */
  byte[] bytes() {
    return Arrays.copyOf(line, length);
  }
}
