package dev.loraflow.trainer.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes safetensors: header JSON ({@code __metadata__} first, then tensors in the given order),
 * padded with spaces to a multiple of 8 bytes so the data section is aligned, then each tensor's
 * bytes in turn. Tensors are pulled from the store one at a time, so converting a large checkpoint
 * never holds it whole. The file appears atomically: written beside under a name of its own (so it
 * can clobber nothing, the file being read included), then moved over the target.
 */
public final class SafetensorsWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SafetensorsWriter() {}

  /** Writes every tensor of {@code store} with {@code metadata} to {@code file}. */
  public static void write(Path file, TensorStore store, Map<String, String> metadata)
      throws IOException {
    List<TensorInfo> tensors = store.tensors();
    byte[] header = header(tensors, metadata);
    Path partial = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".partial");
    try (FileChannel out =
        FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer length =
          ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
      writeFully(out, length);
      writeFully(out, ByteBuffer.wrap(header));
      for (TensorInfo info : tensors) {
        TensorData data = store.read(info.name());
        if (!data.info().equals(info)) {
          throw new IOException(
              "tensor '" + info.name() + "' changed while writing: " + data.info() + " vs " + info);
        }
        writeFully(out, data.bytes().duplicate());
      }
      out.force(true); // on disk before the move, so a crash cannot leave a renamed empty file
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    try {
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
  }

  static byte[] header(List<TensorInfo> tensors, Map<String, String> metadata) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (TensorInfo info : tensors) {
      if (info.name().equals("__metadata__") || root.has(info.name())) {
        throw new IllegalArgumentException(
            "duplicate or reserved tensor name '" + info.name() + "'");
      }
      ObjectNode node = root.putObject(info.name());
      node.put("dtype", info.dtype().name());
      ArrayNode shape = node.putArray("shape");
      Arrays.stream(info.shape()).forEach(shape::add);
      long end = offset + info.byteSize();
      node.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = JSON.writeValueAsBytes(root);
    int padded = (json.length + 7) / 8 * 8;
    byte[] header = Arrays.copyOf(json, padded);
    Arrays.fill(header, json.length, padded, (byte) ' ');
    return header;
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }
}
