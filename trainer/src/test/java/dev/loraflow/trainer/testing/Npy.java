package dev.loraflow.trainer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the little-endian float32 / int64 .npy arrays of the reference data (C order only). */
public record Npy(String descr, long[] shape, ByteBuffer data) {

  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** Loads {@code /sd15/<name>.npy} from the test resources. */
  public static Npy resource(String path) throws IOException {
    try (InputStream in = Objects.requireNonNull(Npy.class.getResourceAsStream(path), path)) {
      return parse(in.readAllBytes());
    }
  }

  static Npy parse(byte[] file) {
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int major = file[6];
    int headerLength = major == 1 ? buffer.getShort(8) & 0xFFFF : buffer.getInt(8);
    int headerStart = major == 1 ? 10 : 12;
    String header = new String(file, headerStart, headerLength, StandardCharsets.US_ASCII);
    if (header.contains("'fortran_order': True")) {
      throw new IllegalArgumentException("fortran-order .npy not supported");
    }
    Matcher descr = DESCR.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !shape.find()) {
      throw new IllegalArgumentException("bad .npy header: " + header);
    }
    long[] dims =
        Arrays.stream(shape.group(1).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToLong(Long::parseLong)
            .toArray();
    ByteBuffer data =
        ByteBuffer.wrap(file, headerStart + headerLength, file.length - headerStart - headerLength)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    return new Npy(descr.group(1), dims, data);
  }

  public float[] floats() {
    if (!descr.equals("<f4")) {
      throw new IllegalStateException("not float32: " + descr);
    }
    float[] out = new float[data.remaining() / 4];
    data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  public long[] longs() {
    if (!descr.equals("<i8")) {
      throw new IllegalStateException("not int64: " + descr);
    }
    long[] out = new long[data.remaining() / 8];
    data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
    return out;
  }

  /** Relative L2 error ||actual - expected|| / ||expected||, in double. */
  public static double relativeL2(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new IllegalArgumentException(actual.length + " values vs " + expected.length);
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = (double) actual[i] - expected[i];
      diff += d * d;
      norm += (double) expected[i] * expected[i];
    }
    return Math.sqrt(diff / norm);
  }
}
