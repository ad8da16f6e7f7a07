package dev.loraflow.transforms;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Images in the encodings a print workflow or a scanner leaves: CMYK and YCCK JPEGs as Photoshop
 * writes them (an Adobe APP14 marker, inverted ink, no JFIF), and 16-bit PNGs.
 */
public final class InkImages {
  private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";
  private static final int ADOBE_CMYK = 0;
  private static final int ADOBE_YCCK = 2;

  private InkImages() {}

  /** A CMYK JPEG whose left half has ink {@code left} and right half {@code right} (C, M, Y, K). */
  public static byte[] cmykJpeg(int width, int height, int[] left, int[] right) {
    return adobeJpeg(width, height, left, right, false);
  }

  /** As {@link #cmykJpeg}, stored as YCCK: the inverted ink's C, M, Y as YCbCr, K inverted. */
  public static byte[] ycckJpeg(int width, int height, int[] left, int[] right) {
    return adobeJpeg(width, height, left, right, true);
  }

  /**
   * {@code jpeg} with {@code profile} embedded as a single ICC_PROFILE APP2 segment right after the
   * start-of-image marker, where Photoshop puts it.
   */
  public static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
    byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    int length = 2 + id.length + 2 + profile.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2); // SOI
    out.write(0xFF);
    out.write(0xE2); // APP2
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(id);
    out.write(1); // chunk 1
    out.write(1); // of 1
    out.writeBytes(profile);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A 16-bit grey PNG holding {@code values} row after row. */
  public static byte[] greyPng16(int width, int height, int[] values) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    image.getRaster().setSamples(0, 0, width, height, 0, values);
    return TestImages.encode(image, "png");
  }

  /** A 16-bit RGB PNG; {@code rgb} holds R, G, B for each pixel, row after row. */
  public static byte[] rgbPng16(int width, int height, int[] rgb) {
    ColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(width, height);
    raster.setPixels(0, 0, width, height, rgb);
    return TestImages.encode(new BufferedImage(model, raster, false, null), "png");
  }

  private static byte[] adobeJpeg(int width, int height, int[] left, int[] right, boolean ycck) {
    WritableRaster raster =
        Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
    int[] leftStored = stored(left, ycck);
    int[] rightStored = stored(right, ycck);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, x < width / 2 ? leftStored : rightStored);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(1f);
      IIOMetadata metadata = adobeMetadata(writer, param, ycck ? ADOBE_YCCK : ADOBE_CMYK);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(raster, null, metadata), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /**
   * The four samples a decoder reads back as {@code ink}: Adobe stores ink inverted, and YCCK
   * stores the inverted C, M, Y as if they were R, G, B in JPEG's YCbCr. The writer writes the
   * raster as it is, so the conversion is done here.
   */
  private static int[] stored(int[] ink, boolean ycck) {
    if (!ycck) {
      return new int[] {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]};
    }
    // Decoding YCCK gives R, G, B = 255 - stored C, M, Y, which Adobe inverts once more: ink.
    double r = ink[0];
    double g = ink[1];
    double b = ink[2];
    return new int[] {
      clamp(0.299 * r + 0.587 * g + 0.114 * b),
      clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
      clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b),
      255 - ink[3]
    };
  }

  private static int clamp(double value) {
    return (int) Math.max(0, Math.min(255, Math.round(value)));
  }

  /** JDK writer metadata for four components with an Adobe marker instead of JFIF. */
  private static IIOMetadata adobeMetadata(ImageWriter writer, ImageWriteParam param, int transform)
      throws IOException {
    IIOMetadata metadata =
        writer.getDefaultImageMetadata(
            ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR), param);
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(JPEG_METADATA);
    removeChildren(child(root, "JPEGvariety")); // no JFIF: it allows 1 or 3 components only
    IIOMetadataNode markers = child(root, "markerSequence");
    IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
    adobe.setAttribute("transform", String.valueOf(transform));
    markers.insertBefore(adobe, markers.getFirstChild());
    IIOMetadataNode frame = child(root, "sof");
    IIOMetadataNode scan = child(root, "sos");
    removeChildren(frame);
    removeChildren(scan);
    frame.setAttribute("numFrameComponents", "4");
    scan.setAttribute("numScanComponents", "4");
    for (int c = 1; c <= 4; c++) {
      // Luma-like components (Y or C, and K) take table 0, the others table 1, as Photoshop does.
      String table = c == 1 || c == 4 ? "0" : "1";
      IIOMetadataNode component = new IIOMetadataNode("componentSpec");
      component.setAttribute("componentId", String.valueOf(c));
      component.setAttribute("HsamplingFactor", "1");
      component.setAttribute("VsamplingFactor", "1");
      component.setAttribute("QtableSelector", table);
      frame.appendChild(component);
      IIOMetadataNode scanned = new IIOMetadataNode("scanComponentSpec");
      scanned.setAttribute("componentSelector", String.valueOf(c));
      scanned.setAttribute("dcHuffTable", table);
      scanned.setAttribute("acHuffTable", table);
      scan.appendChild(scanned);
    }
    metadata.setFromTree(JPEG_METADATA, root);
    return metadata;
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    return (IIOMetadataNode) root.getElementsByTagName(name).item(0);
  }

  private static void removeChildren(IIOMetadataNode node) {
    while (node.hasChildNodes()) {
      node.removeChild(node.getFirstChild());
    }
  }
}
