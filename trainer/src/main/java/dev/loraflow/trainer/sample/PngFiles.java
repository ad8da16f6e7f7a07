package dev.loraflow.trainer.sample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.NodeList;

/**
 * PNG files with a text chunk, as A1111 stores its {@code parameters}: {@code tEXt} when the text
 * is Latin-1 (as PIL writes it), {@code iTXt} (UTF-8) otherwise. Writes are atomic.
 */
public final class PngFiles {

  private static final String FORMAT = "javax_imageio_png_1.0";

  private PngFiles() {}

  public static void write(Path file, BufferedImage image, String keyword, String text)
      throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata metadata =
          writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      IIOMetadataNode root = new IIOMetadataNode(FORMAT);
      if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
        IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
        entry.setAttribute("keyword", keyword);
        entry.setAttribute("value", text);
        root.appendChild(node("tEXt", entry));
      } else {
        IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
        entry.setAttribute("keyword", keyword);
        entry.setAttribute("compressionFlag", "FALSE");
        entry.setAttribute("compressionMethod", "0");
        entry.setAttribute("languageTag", "");
        entry.setAttribute("translatedKeyword", "");
        entry.setAttribute("text", text);
        root.appendChild(node("iTXt", entry));
      }
      metadata.mergeTree(FORMAT, root);
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      try (OutputStream out = Files.newOutputStream(partial);
          ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(stream);
        writer.write(null, new IIOImage(image, null, metadata), param);
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      writer.dispose();
    }
  }

  /** The text under {@code keyword} in {@code file}'s tEXt or iTXt chunks, or null. */
  public static String readText(Path file, String keyword) throws IOException {
    try (ImageInputStream stream = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
      try {
        reader.setInput(stream);
        IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree(FORMAT);
        for (String[] kind : new String[][] {{"tEXtEntry", "value"}, {"iTXtEntry", "text"}}) {
          NodeList entries = root.getElementsByTagName(kind[0]);
          for (int i = 0; i < entries.getLength(); i++) {
            IIOMetadataNode entry = (IIOMetadataNode) entries.item(i);
            if (keyword.equals(entry.getAttribute("keyword"))) {
              return entry.getAttribute(kind[1]);
            }
          }
        }
        return null;
      } finally {
        reader.dispose();
      }
    }
  }

  private static IIOMetadataNode node(String name, IIOMetadataNode child) {
    IIOMetadataNode node = new IIOMetadataNode(name);
    node.appendChild(child);
    return node;
  }
}
