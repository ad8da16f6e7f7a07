import dev.loraflow.trainer.data.BucketFit;
import dev.loraflow.trainer.data.Buckets;
import dev.loraflow.trainer.data.DatasetImage;
import dev.loraflow.trainer.data.DatasetScanner;
import dev.loraflow.trainer.data.ImagePreparer;
import dev.loraflow.trainer.data.KohyaDataset;
import dev.loraflow.trainer.data.PreparedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What loraflow's trainer makes of a kohya image folder, for check_dataset.py to compare with
 * kohya's own reading: one JSON line per image (folder, repeats, caption, size, bucket, resized
 * size), one line of tag frequencies, and each image's training input (after decode, resize and
 * crop) as 8-bit HWC RGB in {@code <pixelsDir>/<n>.rgb}.
 *
 * <p>Run by check_dataset.py with the trainer's classpath: {@code java -cp CP TrainerView.java
 * IMG_DIR PIXELS_DIR RESOLUTION MIN_BUCKET MAX_BUCKET STEP}.
 */
public final class TrainerView {
  public static void main(String[] args) throws IOException {
    Path imgDir = Path.of(args[0]);
    Path pixelsDir = Path.of(args[1]);
    int resolution = Integer.parseInt(args[2]);
    Buckets buckets =
        Buckets.aspectRatio(
            resolution,
            resolution,
            Integer.parseInt(args[3]),
            Integer.parseInt(args[4]),
            Integer.parseInt(args[5]));
    KohyaDataset dataset = DatasetScanner.create().scan(imgDir);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int n = 0;
    for (DatasetImage image : dataset.images()) {
      BucketFit fit = buckets.select(image.width(), image.height());
      PreparedImage prepared = ImagePreparer.prepare(image.path(), fit, false);
      Path pixels = pixelsDir.resolve(n + ".rgb");
      Files.write(pixels, hwcBytes(prepared));
      out.println(
          "{\"kind\":\"image\",\"path\":"
              + quote(image.path().toAbsolutePath().toString())
              + ",\"folder\":"
              + quote(image.folder())
              + ",\"repeats\":"
              + image.repeats()
              + ",\"caption\":"
              + quote(image.caption())
              + ",\"size\":["
              + image.width()
              + ","
              + image.height()
              + "],\"bucket\":["
              + fit.bucket().width()
              + ","
              + fit.bucket().height()
              + "],\"resized\":["
              + fit.resized().width()
              + ","
              + fit.resized().height()
              + "],\"pixels\":"
              + quote(pixels.toString())
              + "}");
      n++;
    }
    StringBuilder frequencies = new StringBuilder("{\"kind\":\"tags\",\"frequency\":{");
    boolean firstFolder = true;
    for (Map.Entry<String, Map<String, Integer>> folder : dataset.tagFrequency().entrySet()) {
      frequencies.append(firstFolder ? "" : ",").append(quote(folder.getKey())).append(":{");
      firstFolder = false;
      boolean firstTag = true;
      for (Map.Entry<String, Integer> tag : folder.getValue().entrySet()) {
        frequencies.append(firstTag ? "" : ",").append(quote(tag.getKey())).append(':');
        frequencies.append(tag.getValue());
        firstTag = false;
      }
      frequencies.append('}');
    }
    out.println(frequencies.append("}}"));
    for (String warning : dataset.warnings()) {
      out.println("{\"kind\":\"warning\",\"text\":" + quote(warning) + "}");
    }
  }

  // The trainer's input is (x / 255 - 0.5) / 0.5 of 8-bit values: back to those values.
  private static byte[] hwcBytes(PreparedImage image) {
    int w = image.width();
    int h = image.height();
    float[] chw = image.chw();
    byte[] hwc = new byte[3 * w * h];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < w * h; i++) {
        hwc[i * 3 + c] = (byte) Math.round((chw[c * w * h + i] * 0.5f + 0.5f) * 255f);
      }
    }
    return hwc;
  }

  // JSON string with every non-ASCII or control character escaped, so the bytes are plain ASCII.
  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
