package dev.loraflow.trainer.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors files byte by byte, so tests can break them in specific ways. */
final class MalformedFiles {

  private MalformedFiles() {}

  static Path withHeader(Path dir, String header, int dataBytes) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return withRawHeader(dir, json.length, json, dataBytes);
  }

  static Path withRawHeader(Path dir, long declaredLength, byte[] header, int dataBytes)
      throws IOException {
    ByteBuffer file =
        ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    file.putLong(declaredLength).put(header);
    Path path = Files.createTempFile(dir, "bad", ".safetensors");
    Files.write(path, file.array());
    return path;
  }
}
