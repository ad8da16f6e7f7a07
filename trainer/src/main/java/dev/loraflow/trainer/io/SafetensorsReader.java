package dev.loraflow.trainer.io;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file: an 8-byte little-endian header length, a JSON header, then the data.
 * The header is validated whole when the file is opened (so a bad file fails before any tensor is
 * used); each tensor is memory-mapped on demand with 64-bit offsets, so files over 2 GiB work.
 */
public final class SafetensorsReader implements TensorStore {

  /**
   * The format's own limit on the header, which also bounds what a hostile file can make us parse.
   */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  // Duplicate keys are refused; strings and names may be as long as the header itself (Jackson's
  // defaults would refuse a 20M-character metadata value that the format allows).
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxStringLength((int) MAX_HEADER_BYTES)
                          .maxNameLength((int) MAX_HEADER_BYTES)
                          .build())
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> entries;
  private final Map<String, String> metadata;

  private record Entry(TensorInfo info, long begin, long end) {}

  private SafetensorsReader(
      Path file,
      FileChannel channel,
      long dataStart,
      Map<String, Entry> entries,
      Map<String, String> metadata) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.entries = entries;
    this.metadata = metadata;
  }

  /** Opens and validates {@code file}; the caller closes the reader. */
  public static SafetensorsReader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return parse(file, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static SafetensorsReader parse(Path file, FileChannel channel) throws IOException {
    long fileSize = channel.size();
    if (fileSize < 8) {
      throw new SafetensorsFormatException(
          file, "file is " + fileSize + " bytes, shorter than the 8-byte header length");
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, lengthBytes, 0);
    long headerLength = lengthBytes.getLong(0);
    if (headerLength < 0 || headerLength > fileSize - 8) {
      throw new SafetensorsFormatException(
          file,
          "header length "
              + Long.toUnsignedString(headerLength)
              + " goes beyond the file ("
              + fileSize
              + " bytes)");
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw new SafetensorsFormatException(
          file, "header length " + headerLength + " exceeds the 100 MB limit");
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    readFully(channel, headerBytes, 8);
    JsonNode header;
    try {
      header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
    } catch (StreamConstraintsException e) {
      // What is left of Jackson's limits (nesting, digits) no valid header comes near.
      throw new SafetensorsFormatException(
          file, "header nests deeper or holds longer numbers than any tensor list needs");
    } catch (JsonProcessingException e) {
      throw new SafetensorsFormatException(
          file, "header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (header == null || !header.isObject()) {
      throw new SafetensorsFormatException(file, "header is not a JSON object");
    }
    long dataSize = fileSize - 8 - headerLength;
    Map<String, String> metadata = Map.of();
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : header.properties()) {
      if (field.getKey().equals("__metadata__")) {
        metadata = parseMetadata(file, field.getValue());
      } else {
        Entry entry = parseEntry(file, field.getKey(), field.getValue(), dataSize);
        entries.put(entry.info.name(), entry);
      }
    }
    checkContiguous(file, entries.values(), dataSize);
    return new SafetensorsReader(
        file, channel, 8 + headerLength, sortedByOffset(entries), metadata);
  }

  private static Map<String, String> parseMetadata(Path file, JsonNode node)
      throws SafetensorsFormatException {
    if (!node.isObject()) {
      throw new SafetensorsFormatException(file, "__metadata__ is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isTextual()) {
        throw new SafetensorsFormatException(
            file, "__metadata__ value of '" + field.getKey() + "' is not a string");
      }
      metadata.put(field.getKey(), field.getValue().textValue());
    }
    return Collections.unmodifiableMap(metadata);
  }

  private static Entry parseEntry(Path file, String name, JsonNode node, long dataSize)
      throws SafetensorsFormatException {
    if (!node.isObject()) {
      throw new SafetensorsFormatException(file, "tensor '" + name + "' is not a JSON object");
    }
    JsonNode dtypeNode = node.get("dtype");
    JsonNode shapeNode = node.get("shape");
    JsonNode offsetsNode = node.get("data_offsets");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new SafetensorsFormatException(file, "tensor '" + name + "' has no dtype string");
    }
    if (shapeNode == null || !shapeNode.isArray()) {
      throw new SafetensorsFormatException(file, "tensor '" + name + "' has no shape array");
    }
    if (offsetsNode == null || !offsetsNode.isArray() || offsetsNode.size() != 2) {
      throw new SafetensorsFormatException(
          file, "tensor '" + name + "' needs data_offsets [begin, end]");
    }
    Dtype dtype;
    try {
      dtype = Dtype.fromName(dtypeNode.textValue());
    } catch (IllegalArgumentException e) {
      throw new SafetensorsFormatException(file, "tensor '" + name + "': " + e.getMessage());
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode dim = shapeNode.get(i);
      if (!dim.canConvertToLong() || !dim.isIntegralNumber() || dim.longValue() < 0) {
        throw new SafetensorsFormatException(
            file, "tensor '" + name + "' has an invalid dimension " + dim);
      }
      shape[i] = dim.longValue();
    }
    long begin = offset(file, name, offsetsNode.get(0));
    long end = offset(file, name, offsetsNode.get(1));
    if (begin > end || end > dataSize) {
      throw new SafetensorsFormatException(
          file,
          "tensor '"
              + name
              + "' data_offsets ["
              + begin
              + ", "
              + end
              + "] are outside the data section ("
              + dataSize
              + " bytes)");
    }
    TensorInfo info = new TensorInfo(name, dtype, shape);
    long expected;
    try {
      expected = info.byteSize();
    } catch (ArithmeticException e) {
      throw new SafetensorsFormatException(file, "tensor '" + name + "' shape overflows: " + info);
    }
    if (end - begin != expected) {
      throw new SafetensorsFormatException(
          file,
          "tensor '"
              + name
              + "' spans "
              + (end - begin)
              + " bytes but "
              + info
              + " needs "
              + expected);
    }
    return new Entry(info, begin, end);
  }

  private static long offset(Path file, String name, JsonNode node)
      throws SafetensorsFormatException {
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw new SafetensorsFormatException(
          file, "tensor '" + name + "' has an invalid offset " + node);
    }
    return node.longValue();
  }

  /**
   * The tensors must tile the data section, in offset order, as the reference implementation
   * demands: no overlap, no hole between two tensors or before the first, nothing after the last.
   * Bytes no tensor claims could hide anything, and a hole often means a corrupted header.
   */
  private static void checkContiguous(Path file, java.util.Collection<Entry> entries, long dataSize)
      throws SafetensorsFormatException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    String previous = null;
    for (Entry current : sorted) {
      String name = current.info.name();
      if (current.begin < covered) {
        throw new SafetensorsFormatException(
            file, "tensors '" + previous + "' and '" + name + "' overlap in the data section");
      }
      if (current.begin > covered) {
        throw new SafetensorsFormatException(
            file,
            (previous == null
                    ? "the data section starts with "
                    : "between tensors '" + previous + "' and '" + name + "' lie ")
                + (current.begin - covered)
                + " bytes that no tensor claims"
                + (previous == null ? " (the first tensor is '" + name + "')" : ""));
      }
      covered = current.end;
      previous = name;
    }
    if (covered != dataSize) {
      throw new SafetensorsFormatException(
          file,
          (dataSize - covered)
              + " bytes after "
              + (previous == null ? "the header" : "the last tensor '" + previous + "'")
              + " belong to no tensor");
    }
  }

  private static Map<String, Entry> sortedByOffset(Map<String, Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparingLong(Entry::begin));
    Map<String, Entry> result = new LinkedHashMap<>();
    sorted.forEach(e -> result.put(e.info.name(), e));
    return Collections.unmodifiableMap(result);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new java.io.EOFException("unexpected end of file");
      }
    }
  }

  @Override
  public List<TensorInfo> tensors() {
    return entries.values().stream().map(Entry::info).toList();
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Maps the tensor's bytes read-only; valid while this reader is open. */
  @Override
  public TensorData read(String name) throws IOException {
    Entry entry = entries.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(file + ": no tensor named '" + name + "'");
    }
    long length = entry.end - entry.begin;
    if (length > Integer.MAX_VALUE) {
      throw new IOException(
          file
              + ": tensor '"
              + name
              + "' is "
              + length
              + " bytes; tensors over 2 GiB are not supported");
    }
    ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin, length);
    return new TensorData(entry.info, bytes);
  }

  /**
   * F32 and F16 tensors (on a CPU manager) are read with pread into the new array's own memory: a
   * mapping kept the file's pages resident beside the copied weights until a GC unmapped it, about
   * doubling the resident size after loading. F16 is widened natively, which is exact.
   */
  @Override
  public NDArray readArray(String name, NDManager manager) throws IOException {
    Entry entry = entries.get(name);
    boolean direct =
        entry != null
            && (entry.info.dtype() == Dtype.F32 || entry.info.dtype() == Dtype.F16)
            && entry.end > entry.begin // an empty array has no memory to view
            && entry.end - entry.begin <= Integer.MAX_VALUE
            && manager.getDevice().equals(Device.cpu())
            && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    if (!direct) {
      return TensorStore.super.readArray(name, manager);
    }
    boolean half = entry.info.dtype() == Dtype.F16;
    NDArray array =
        manager.create(new Shape(entry.info.shape()), half ? DataType.FLOAT16 : DataType.FLOAT32);
    readFully(channel, array.toByteBuffer(true), dataStart + entry.begin);
    if (!half) {
      return array;
    }
    try (array) {
      return array.toType(DataType.FLOAT32, true);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
