package dev.loraflow.transforms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Small ICC v2 printer profiles (CMYK to Lab), written byte by byte, for decoders that must apply a
 * JPEG's embedded profile. A real press profile is megabytes; one lut8 with two grid points per ink
 * is enough to tell a decoder that applies the profile from one that ignores it.
 */
public final class PrinterProfiles {
  private static final int HEADER = 128;

  private PrinterProfiles() {}

  /**
   * A profile in which cyan ink prints sRGB red and no cyan prints white, whatever the other inks:
   * a decoder that ignores it shows cyan where one that applies it shows red.
   */
  public static byte[] cyanPrintsRed() {
    // Lab of sRGB red under the D50 illuminant the profile connection space uses, and paper white.
    int[] red = labBytes(54.29, 80.81, 69.89);
    int[] white = labBytes(100, 0, 0);
    byte[] clut = new byte[16 * 3];
    for (int corner = 0; corner < 16; corner++) {
      // The first ink varies slowest: corners 8..15 are those with full cyan.
      int[] lab = corner >= 8 ? red : white;
      for (int c = 0; c < 3; c++) {
        clut[corner * 3 + c] = (byte) lab[c];
      }
    }
    return profile(
        new Tag("desc", description("loraflow test: cyan prints red")),
        new Tag("wtpt", xyz(0.9642, 1.0, 0.8249)),
        new Tag("A2B0", lut8(4, 3, clut)),
        new Tag("B2A0", lut8(3, 4, new byte[8 * 4])));
  }

  private record Tag(String signature, byte[] data) {}

  private static byte[] profile(Tag... tags) {
    int tableSize = 4 + 12 * tags.length;
    int offset = HEADER + tableSize;
    int[] offsets = new int[tags.length];
    for (int i = 0; i < tags.length; i++) {
      offsets[i] = offset;
      offset += align(tags[i].data().length);
    }
    ByteBuffer out = ByteBuffer.allocate(offset);
    out.putInt(offset); // profile size
    out.putInt(0); // preferred CMM
    out.putInt(0x02100000); // version 2.1
    out.put(ascii("prtr")).put(ascii("CMYK")).put(ascii("Lab "));
    out.position(36);
    out.put(ascii("acsp"));
    out.position(68);
    out.putInt(fixed(0.9642)).putInt(fixed(1.0)).putInt(fixed(0.8249)); // D50
    out.position(HEADER);
    out.putInt(tags.length);
    for (int i = 0; i < tags.length; i++) {
      out.put(ascii(tags[i].signature())).putInt(offsets[i]).putInt(tags[i].data().length);
    }
    for (int i = 0; i < tags.length; i++) {
      out.position(offsets[i]);
      out.put(tags[i].data());
    }
    return out.array();
  }

  /** textDescriptionType: ASCII text, an empty Unicode and an empty ScriptCode description. */
  private static byte[] description(String text) {
    byte[] chars = (text + "\0").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(12 + chars.length + 8 + 3 + 67);
    out.put(ascii("desc")).putInt(0).putInt(chars.length).put(chars);
    return out.array();
  }

  private static byte[] xyz(double x, double y, double z) {
    return ByteBuffer.allocate(20)
        .put(ascii("XYZ "))
        .putInt(0)
        .putInt(fixed(x))
        .putInt(fixed(y))
        .putInt(fixed(z))
        .array();
  }

  /** lut8Type: identity matrix and curves around a grid of 2 points per input channel. */
  private static byte[] lut8(int inputs, int outputs, byte[] clut) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer head = ByteBuffer.allocate(48);
    head.put(ascii("mft1")).putInt(0).put((byte) inputs).put((byte) outputs).put((byte) 2);
    head.put((byte) 0); // padding
    for (int i = 0; i < 9; i++) {
      head.putInt(i % 4 == 0 ? fixed(1) : 0);
    }
    out.writeBytes(head.array());
    out.writeBytes(identityCurves(inputs));
    out.writeBytes(clut);
    out.writeBytes(identityCurves(outputs));
    return out.toByteArray();
  }

  private static byte[] identityCurves(int channels) {
    byte[] curves = new byte[256 * channels];
    for (int c = 0; c < channels; c++) {
      for (int v = 0; v < 256; v++) {
        curves[c * 256 + v] = (byte) v;
      }
    }
    return curves;
  }

  /** Lab as a v2 lut8 stores it: L 0..100 over 0..255, a and b offset by 128. */
  private static int[] labBytes(double l, double a, double b) {
    return new int[] {
      (int) Math.round(l * 255 / 100), (int) Math.round(a + 128), (int) Math.round(b + 128)
    };
  }

  private static int fixed(double value) {
    return (int) Math.round(value * 65536);
  }

  private static int align(int size) {
    return (size + 3) & ~3;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
