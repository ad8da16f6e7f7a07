package dev.loraflow.trainer.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A one-dimensional little-endian float32 array as a NumPy {@code .npy} (version 1.0) file. */
final class NpyFloats {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  private static final Pattern HEADER =
      Pattern.compile("\\{'descr': '<f4', 'fortran_order': False, 'shape': \\((\\d+),\\), \\}\\s*");

  private NpyFloats() {}

  static byte[] encode(float[] values) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + values.length + ",), }";
    // Magic, 2-byte header length, header ending in '\n', padded so the data is 64-byte aligned.
    int unpadded = MAGIC.length + 2 + dict.length() + 1;
    int headerLength = dict.length() + 1 + (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(headerLength - dict.length() - 1) + "\n";
    ByteBuffer out =
        ByteBuffer.allocate(MAGIC.length + 2 + headerLength + 4 * values.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).putShort((short) headerLength).put(header.getBytes(StandardCharsets.US_ASCII));
    out.asFloatBuffer().put(values);
    return out.array();
  }

  /**
   * @throws IOException naming {@code source} when the bytes are not such a file
   */
  static float[] decode(byte[] bytes, String source) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < MAGIC.length + 2
        || !ByteBuffer.wrap(bytes, 0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
      throw new IOException(source + " is not a .npy version 1.0 file");
    }
    int headerLength = Short.toUnsignedInt(in.getShort(MAGIC.length));
    int dataStart = MAGIC.length + 2 + headerLength;
    if (dataStart > bytes.length) {
      throw new IOException(source + " is truncated inside its .npy header");
    }
    String header = new String(bytes, MAGIC.length + 2, headerLength, StandardCharsets.US_ASCII);
    Matcher match = HEADER.matcher(header);
    if (!match.matches()) {
      throw new IOException(source + " is not a 1-D float32 .npy file: " + header.strip());
    }
    long count = Long.parseLong(match.group(1));
    if (count * 4 != bytes.length - dataStart) {
      throw new IOException(
          source + " holds " + (bytes.length - dataStart) + " data bytes, expected " + count * 4);
    }
    float[] values = new float[(int) count];
    in.position(dataStart);
    in.asFloatBuffer().get(values);
    return values;
  }
}
