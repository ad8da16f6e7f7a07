package dev.loraflow.trainer.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The hashes A1111 and kohya show for models: kohya's {@code sshs_model_hash} (sha256 of a
 * safetensors file's tensor bytes, so metadata edits keep it) and the old webui "legacy" hash
 * (sha256 of the 64 KiB at offset 0x100000, first 8 hex digits).
 */
public final class SafetensorsHashes {

  private static final int LEGACY_OFFSET = 0x100000;
  private static final int LEGACY_LENGTH = 0x10000;

  /** Both hashes, in lower-case hex. */
  public record Hashes(String model, String legacy) {}

  private SafetensorsHashes() {}

  /**
   * The hashes of {@code store} as it would be written with {@code metadata}, without writing it:
   * the legacy window falls in the header or the data depending on the header's size.
   */
  public static Hashes of(TensorStore store, Map<String, String> metadata) throws IOException {
    byte[] header = SafetensorsWriter.header(store.tensors(), metadata);
    MessageDigest model = sha256();
    MessageDigest legacy = sha256();
    long position = 0;
    position =
        feedLegacy(
            legacy,
            position,
            ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
    position = feedLegacy(legacy, position, ByteBuffer.wrap(header));
    for (TensorInfo info : store.tensors()) {
      ByteBuffer bytes = store.read(info.name()).bytes();
      model.update(bytes.duplicate());
      position = feedLegacy(legacy, position, bytes.duplicate());
    }
    return new Hashes(hex(model), hex(legacy).substring(0, 8));
  }

  /** The legacy hash of a model file on disk, as A1111 shows it: {@code [a1b2c3d4]}. */
  public static String legacyOfFile(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(Math.min(LEGACY_OFFSET, Files.size(file)));
      digest.update(in.readNBytes(LEGACY_LENGTH));
    }
    return hex(digest).substring(0, 8);
  }

  /** The sha256 of a whole file, streamed. */
  public static String sha256OfFile(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest);
  }

  /**
   * kohya's {@code sshs_model_hash} of a safetensors file on disk (A1111's "addnet" hash, whose
   * first 12 digits it shows for a LoRA): the sha256 of everything after the header.
   */
  public static String modelOfFile(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      long headerLength =
          ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
      in.skipNBytes(headerLength);
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest);
  }

  /** Feeds the part of {@code bytes} (at file offset {@code position}) inside the legacy window. */
  private static long feedLegacy(MessageDigest legacy, long position, ByteBuffer bytes) {
    long start = position;
    long end = position + bytes.remaining();
    long from = Math.max(start, LEGACY_OFFSET);
    long to = Math.min(end, (long) LEGACY_OFFSET + LEGACY_LENGTH);
    if (from < to) {
      ByteBuffer window = bytes.duplicate();
      window.position(window.position() + (int) (from - start));
      window.limit(window.position() + (int) (to - from));
      legacy.update(window);
    }
    return end;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }
}
