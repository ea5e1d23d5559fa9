package io.github.mgs4j.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .safetensors} file: an 8-byte little-endian header length, a JSON header mapping each tensor
 * name to its dtype, shape and byte range, and the raw little-endian data.
 *
 * <p>{@link #open} validates the whole header (sizes, offsets, byte counts) without reading the data;
 * {@link #readFloat32} reads one tensor as a float32 array, converting F16, BF16 and F64 in Java (BF16
 * arrays would abort the JVM in DJL). {@link #write} writes float32 tensors atomically in the layout
 * transformers and the {@code safetensors} library read.
 */
public final class SafetensorsFile {

  /** The metadata transformers expects ({@code "format": "pt"}). */
  private static final String METADATA = "__metadata__";

  private static final long MAX_HEADER_BYTES = 100L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Integer> DTYPE_BYTES =
      Map.ofEntries(
          Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2), Map.entry("BF16", 2),
          Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1),
          Map.entry("U64", 8), Map.entry("U32", 4), Map.entry("U16", 2), Map.entry("U8", 1),
          Map.entry("BOOL", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1));

  /**
   * One tensor entry of the header.
   *
   * @param name the tensor name
   * @param dtype the safetensors dtype ({@code F32}, {@code F16}, {@code BF16}, ...)
   * @param shape the shape
   * @param begin the first byte in the data section
   * @param end one past the last byte in the data section
   */
  public record TensorInfo(String name, String dtype, Shape shape, long begin, long end) {}

  private final Path path;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;

  private SafetensorsFile(Path path, long dataStart, Map<String, TensorInfo> tensors) {
    this.path = path;
    this.dataStart = dataStart;
    this.tensors = tensors;
  }

  /**
   * Reads and validates the header of a safetensors file.
   *
   * @param path the file
   * @return the opened file (no data read yet)
   * @throws MalformedFileException if the file is missing, truncated, or its header is corrupt; the
   *     message names the file and the problem
   */
  public static SafetensorsFile open(Path path) throws MalformedFileException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw new MalformedFileException(
            path + ": truncated safetensors file (" + size + " bytes, no header length)");
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0);
      long headerLength = lengthBytes.getLong(0);
      if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
        throw new MalformedFileException(
            path + ": corrupt safetensors header: header length " + headerLength
                + " does not fit a file of " + size + " bytes");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      readFully(channel, header, 8);
      String text = new String(header.array(), StandardCharsets.UTF_8);
      Map<String, TensorInfo> tensors = parseHeader(path, text, size - 8 - headerLength);
      return new SafetensorsFile(path, 8 + headerLength, tensors);
    } catch (NoSuchFileException e) {
      throw new MalformedFileException(path + ": file not found", e);
    } catch (MalformedFileException e) {
      throw e;
    } catch (IOException e) {
      throw new MalformedFileException(path + ": cannot read: " + e, e);
    }
  }

  private static Map<String, TensorInfo> parseHeader(Path path, String text, long dataSize)
      throws MalformedFileException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedFileException(
          path + ": corrupt safetensors header (not JSON): " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedFileException(path + ": corrupt safetensors header (not a JSON object)");
    }
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!METADATA.equals(entry.getKey())) {
        TensorInfo info = parseEntry(path, entry.getKey(), entry.getValue(), dataSize);
        tensors.put(info.name(), info);
      }
    }
    return Collections.unmodifiableMap(tensors);
  }

  private static TensorInfo parseEntry(Path path, String name, JsonNode node, long dataSize)
      throws MalformedFileException {
    String where = path + ": tensor " + name + ": ";
    JsonNode dtype = node.get("dtype");
    JsonNode shape = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()
        || offsets == null || !offsets.isArray() || offsets.size() != 2) {
      throw new MalformedFileException(
          where + "corrupt header entry (needs dtype, shape and data_offsets [begin, end]): " + node);
    }
    Integer width = DTYPE_BYTES.get(dtype.asText());
    if (width == null) {
      throw new MalformedFileException(where + "unknown dtype " + dtype.asText());
    }
    long[] dims = new long[shape.size()];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = shape.get(i);
      if (!d.isIntegralNumber() || d.asLong() < 0) {
        throw new MalformedFileException(where + "corrupt shape " + shape);
      }
      dims[i] = d.asLong();
      count = Math.multiplyExact(count, dims[i]);
    }
    long begin = offsets.get(0).asLong(-1);
    long end = offsets.get(1).asLong(-1);
    if (!offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()
        || begin < 0 || end < begin) {
      throw new MalformedFileException(where + "corrupt data_offsets " + offsets);
    }
    if (end > dataSize) {
      throw new MalformedFileException(
          where + "data_offsets " + offsets + " run past the end of the data (" + dataSize
              + " bytes): the file is truncated");
    }
    if (end - begin != count * width) {
      throw new MalformedFileException(
          where + "data_offsets " + offsets + " hold " + (end - begin) + " bytes but shape " + shape
              + " of " + dtype.asText() + " needs " + count * width);
    }
    return new TensorInfo(name, dtype.asText(), new Shape(dims), begin, end);
  }

  /** The file this was opened from. */
  public Path path() {
    return path;
  }

  /** The tensor entries by name, in header order. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /**
   * Reads one floating-point tensor as a float32 array (F32 as is; F16, BF16 and F64 converted).
   *
   * @param name the tensor name
   * @param manager the manager that will own the array
   * @return a new float32 array
   * @throws MalformedFileException if the tensor is absent, not floating point, or unreadable
   */
  public NDArray readFloat32(String name, NDManager manager) throws MalformedFileException {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw new MalformedFileException(path + ": missing tensor " + name);
    }
    int count = Math.toIntExact(info.shape().size());
    ByteBuffer raw = ByteBuffer.allocateDirect(Math.toIntExact(info.end() - info.begin()));
    raw.order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      readFully(channel, raw, dataStart + info.begin());
      raw.rewind();
    } catch (IOException e) {
      throw new MalformedFileException(path + ": tensor " + name + ": cannot read data: " + e, e);
    }
    ByteBuffer floats = toFloat32(raw, info, count);
    return manager.create(floats, info.shape(), DataType.FLOAT32);
  }

  private ByteBuffer toFloat32(ByteBuffer raw, TensorInfo info, int count)
      throws MalformedFileException {
    String dtype = info.dtype();
    if ("F32".equals(dtype)) {
      return raw;
    }
    ByteBuffer out = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder());
    for (int i = 0; i < count; i++) {
      float value =
          switch (dtype) {
            case "F16" -> halfToFloat(raw.getShort(2 * i));
            case "BF16" -> Float.intBitsToFloat((raw.getShort(2 * i) & 0xffff) << 16);
            case "F64" -> (float) raw.getDouble(8 * i);
            default -> throw new MalformedFileException(
                path + ": tensor " + info.name() + " has dtype " + dtype
                    + "; expected a floating-point dtype (F32, F16, BF16, F64)");
          };
      out.putFloat(4 * i, value);
    }
    return out;
  }

  /**
   * Converts an IEEE 754 half-precision value to float.
   *
   * @param half the 16 bits
   * @return the same value as a float
   */
  public static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float value = mantissa * 0x1p-24f;
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /**
   * Writes float32 (or float16) tensors as a safetensors file, atomically (temporary file in the same
   * directory, then a rename), with metadata {@code {"format": "pt"}}.
   *
   * @param path the file to create or replace
   * @param tensors the tensors in file order; every array must be float32 or float16
   * @throws IOException if writing fails (the previous file, if any, is then unchanged)
   */
  public static void write(Path path, PairList<String, NDArray> tensors) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    header.putObject(METADATA).put("format", "pt");
    long offset = 0;
    for (int i = 0; i < tensors.size(); i++) {
      NDArray array = tensors.valueAt(i);
      DataType type = array.getDataType();
      if (type != DataType.FLOAT32 && type != DataType.FLOAT16) {
        throw new IllegalArgumentException(
            "tensor " + tensors.keyAt(i) + " is " + type + ", expected float32 or float16");
      }
      ObjectNode entry = header.putObject(tensors.keyAt(i));
      entry.put("dtype", type == DataType.FLOAT32 ? "F32" : "F16");
      ArrayNode shape = entry.putArray("shape");
      for (long d : array.getShape().getShape()) {
        shape.add(d);
      }
      long bytes = array.getShape().size() * type.getNumOfBytes();
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(json);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    prefix.flip();
    AtomicFiles.write(
        path,
        channel -> {
          writeFully(channel, prefix);
          for (int i = 0; i < tensors.size(); i++) {
            ByteBuffer data = tensors.valueAt(i).toByteBuffer();
            if (data.order() != ByteOrder.LITTLE_ENDIAN) {
              throw new IOException("safetensors needs little-endian data; this platform is big-endian");
            }
            writeFully(channel, data);
          }
        });
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + at);
      }
      at += n;
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
