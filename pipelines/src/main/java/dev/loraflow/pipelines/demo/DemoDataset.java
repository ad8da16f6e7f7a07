package dev.loraflow.pipelines.demo;

import dev.loraflow.pipelines.RecipeOptions;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The embedded demo data: a folder like the ones the guide's users collect, generated on the spot.
 *
 * <p>24 drawings of one made-up character ("demo chan": pink twintails, blue eyes, a red hair
 * ribbon) in varying outfits, expressions, framings and backgrounds, as PNG (some transparent),
 * JPEG and BMP, each with a Grabber-style caption that still lists her permanent traits, in mixed
 * spellings ({@code Pink_Hair}, {@code blue eyes}). Plus what real folders contain: a duplicate, a
 * corrupt PNG, a text file named {@code .jpg}, an empty file and a thumbnail too small to train on.
 * Same bytes on every run, so the demo's output is reproducible.
 */
public final class DemoDataset {
  /** The demo character's tag. */
  public static final String TRIGGER = "demo chan";

  /** What demo chan always looks like: the character recipe removes these. */
  public static final List<String> PERMANENT_TRAITS = List.of("pink hair", "blue eyes", "twintails", "hair ribbon");

  /** Tags a style recipe finds redundant in the demo captions. */
  public static final List<String> REDUNDANT_TAGS = List.of("highres", "commentary request");

  /** Number of distinct, valid demo images. */
  public static final int GOOD_IMAGES = 24;

  private static final int SIZE = 320;
  private static final String[] OUTFITS = {"school uniform", "kimono", "hoodie", "sailor collar", "dress", "swimsuit"};
  private static final Color[] OUTFIT_COLORS = {
    new Color(40, 50, 110), new Color(180, 40, 60), new Color(90, 90, 90), new Color(235, 235, 245),
    new Color(250, 200, 80), new Color(40, 140, 200)
  };
  private static final String[] EXPRESSIONS = {"smile", "open mouth", "closed eyes", "blush"};
  private static final String[] BACKGROUNDS = {"white background", "blue background", "outdoors, sky", "transparent background"};
  private static final Color[] BACKGROUND_COLORS = {Color.WHITE, new Color(120, 170, 230), new Color(150, 200, 255), null};

  private DemoDataset() {}

  /** Demo defaults for the character recipe, where the user set none. */
  public static void characterDefaults(RecipeOptions options) {
    if (options.getTrigger() == null) {
      options.setTrigger(TRIGGER);
    }
    if (options.getRemoveTags() == null) {
      options.setRemoveTags(PERMANENT_TRAITS);
    }
  }

  /** Demo defaults for the style recipe, where the user set none. */
  public static void styleDefaults(RecipeOptions options) {
    if (options.getTrigger() == null) {
      options.setTrigger("demo style");
    }
    if (options.getRemoveTags() == null) {
      options.setRemoveTags(REDUNDANT_TAGS);
    }
  }

  /** Writes the demo folder into {@code directory} and returns the number of files it holds. */
  public static int write(Path directory) throws IOException {
    Files.createDirectories(directory);
    Random random = new Random(20260101L);
    byte[] first = null;
    int files = 0;
    for (int i = 1; i <= GOOD_IMAGES; i++) {
      int outfit = random.nextInt(OUTFITS.length);
      int expression = random.nextInt(EXPRESSIONS.length);
      int background = i % 6 == 0 ? 3 : random.nextInt(3);
      boolean portrait = random.nextBoolean();
      BufferedImage image = draw(outfit, expression, background, portrait, random);
      String format = background == 3 ? "png" : (i % 3 == 0 ? "jpg" : (i % 7 == 0 ? "bmp" : "png"));
      byte[] bytes = encode(image, format);
      if (i == 1) {
        first = bytes;
      }
      String base = String.format("demo_%02d", i);
      Files.write(directory.resolve(base + "." + format), bytes);
      Files.writeString(directory.resolve(base + ".txt"), caption(outfit, expression, background, portrait, i), StandardCharsets.UTF_8);
      files += 2;
    }
    Files.write(directory.resolve("demo_01_copy.png"), first);
    Files.writeString(directory.resolve("demo_01_copy.txt"), "demo_chan, 1girl, solo", StandardCharsets.UTF_8);
    Files.write(directory.resolve("broken.png"), brokenPng());
    Files.writeString(directory.resolve("notes.jpg"), "shopping list: not an image", StandardCharsets.UTF_8);
    Files.write(directory.resolve("empty.webp"), new byte[0]);
    Files.write(directory.resolve("thumbnail.png"), encode(new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB), "png"));
    return files + 6;
  }

  private static String caption(int outfit, int expression, int background, boolean portrait, int index) {
    List<String> tags = new ArrayList<>(List.of("demo_chan", "1girl", "solo"));
    tags.add(index % 2 == 0 ? "Pink_Hair" : "pink hair");
    tags.add("blue eyes");
    tags.add(index % 3 == 0 ? "TWINTAILS" : "twintails");
    tags.add("hair_ribbon");
    tags.add(EXPRESSIONS[expression].replace(' ', '_'));
    tags.add(OUTFITS[outfit]);
    tags.add(BACKGROUNDS[background]);
    tags.add(portrait ? "portrait" : "upper_body");
    tags.add("looking at viewer");
    if (index % 4 == 0) {
      tags.add("highres");
    }
    return String.join(", ", tags);
  }

  private static BufferedImage draw(int outfit, int expression, int background, boolean portrait, Random random) {
    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      if (BACKGROUND_COLORS[background] != null) {
        g.setColor(BACKGROUND_COLORS[background]);
        g.fillRect(0, 0, SIZE, SIZE);
      }
      if (background == 2) { // outdoors: grass and a cloud
        g.setColor(new Color(90, 170, 80));
        g.fillRect(0, SIZE * 3 / 4, SIZE, SIZE / 4);
        g.setColor(Color.WHITE);
        g.fillOval(20 + random.nextInt(180), 20, 90, 40);
      }
      int scale = portrait ? 2 : 1;
      int cx = SIZE / 2 + random.nextInt(41) - 20;
      int headR = 50 * scale;
      int cy = portrait ? SIZE / 2 : SIZE / 3 + 10;
      // body in the outfit's colour
      g.setColor(OUTFIT_COLORS[outfit]);
      g.fillRoundRect(cx - headR, cy + headR - 10, headR * 2, SIZE, 40, 40);
      // twintails, then the head and the ribbon
      g.setColor(new Color(250, 140, 190));
      g.fillOval(cx - headR * 2, cy - headR / 2, headR, headR * 2);
      g.fillOval(cx + headR, cy - headR / 2, headR, headR * 2);
      g.setColor(new Color(255, 224, 200));
      g.fillOval(cx - headR, cy - headR, headR * 2, headR * 2);
      g.setColor(new Color(250, 140, 190));
      g.fillArc(cx - headR, cy - headR, headR * 2, headR * 2, 20, 140);
      g.setColor(new Color(220, 30, 40));
      g.fillPolygon(new int[] {cx - 20 * scale, cx, cx - 20 * scale}, new int[] {cy - headR - 10, cy - headR + 5, cy - headR + 20}, 3);
      g.fillPolygon(new int[] {cx + 20 * scale, cx, cx + 20 * scale}, new int[] {cy - headR - 10, cy - headR + 5, cy - headR + 20}, 3);
      drawFace(g, cx, cy, scale, expression);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawFace(Graphics2D g, int cx, int cy, int scale, int expression) {
    int eyeDx = 18 * scale;
    g.setStroke(new BasicStroke(3f * scale));
    if (expression == 2) { // closed eyes
      g.setColor(Color.DARK_GRAY);
      g.drawArc(cx - eyeDx - 8 * scale, cy - 4 * scale, 16 * scale, 10 * scale, 0, -180);
      g.drawArc(cx + eyeDx - 8 * scale, cy - 4 * scale, 16 * scale, 10 * scale, 0, -180);
    } else {
      g.setColor(new Color(40, 90, 220));
      g.fillOval(cx - eyeDx - 7 * scale, cy - 8 * scale, 14 * scale, 18 * scale);
      g.fillOval(cx + eyeDx - 7 * scale, cy - 8 * scale, 14 * scale, 18 * scale);
    }
    g.setColor(new Color(150, 50, 60));
    if (expression == 1) { // open mouth
      g.fillOval(cx - 8 * scale, cy + 20 * scale, 16 * scale, 12 * scale);
    } else {
      g.drawArc(cx - 12 * scale, cy + 12 * scale, 24 * scale, 14 * scale, 200, 140);
    }
    if (expression == 3) { // blush
      g.setColor(new Color(255, 150, 160));
      g.fillOval(cx - eyeDx - 14 * scale, cy + 10 * scale, 14 * scale, 6 * scale);
      g.fillOval(cx + eyeDx, cy + 10 * scale, 14 * scale, 6 * scale);
    }
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    BufferedImage toWrite = image;
    if (!format.equals("png")) { // JPEG and BMP have no alpha channel
      toWrite = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = toWrite.createGraphics();
      g.drawImage(image, 0, 0, Color.WHITE, null);
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(toWrite, format.equals("jpg") ? "jpeg" : format, out)) {
      throw new IOException("No ImageIO writer for " + format);
    }
    return out.toByteArray();
  }

  // A PNG signature and header chunk followed by garbage: what an interrupted download looks like.
  private static byte[] brokenPng() {
    byte[] bytes = new byte[64];
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    System.arraycopy(signature, 0, bytes, 0, signature.length);
    for (int i = signature.length; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 37);
    }
    return bytes;
  }
}
