package dev.loraflow.transforms.image;

import com.google.auto.value.AutoValue;
import dev.loraflow.transforms.model.Hashes;
import dev.loraflow.transforms.model.ImageFormat;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleMapper;
import dev.loraflow.transforms.model.SampleRejectedException;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;

/**
 * Decodes and validates every sample's image: png, jpg/jpeg, webp and bmp.
 *
 * <p>Sets format, width, height and the MD5 of the bytes kept (the source's, where it already
 * verified them). Rewrites as 8-bit sRGB PNG what kohya's Pillow would read otherwise than decoded
 * here: transparency (flattened onto white), 16-bit samples and CMYK or YCCK JPEG (converted with
 * their ICC profile). Rejects, with the reason: empty files, bytes that are no supported format,
 * corrupt or truncated files, images smaller than {@link #withMinSize} and headers declaring more
 * than {@link #withMaxPixels} pixels (checked before decoding). Decodes in one JVM hold at most
 * half its heap's worth of pixels at once; a large image waits for others to finish rather than
 * exhausting the heap beside them.
 *
 * <pre>{@code
 * SamplesAndRejects decoded = samples.apply(DecodeImages.create().withMinSize(256));
 * }</pre>
 */
@AutoValue
public abstract class DecodeImages extends PTransform<PCollection<Sample>, SamplesAndRejects> {
  private static final long serialVersionUID = 1L;

  /** Stage name in rejects. */
  public static final String STAGE = "decode";

  /** Pillow's default decompression-bomb limit, a figure kohya users already know. */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

  abstract int minSize();

  abstract long maxPixels();

  abstract Builder toBuilder();

  /** Accepts any size up to {@link #DEFAULT_MAX_PIXELS}. */
  public static DecodeImages create() {
    return new AutoValue_DecodeImages.Builder()
        .setMinSize(1)
        .setMaxPixels(DEFAULT_MAX_PIXELS)
        .build();
  }

  /** Rejects images whose width or height is below {@code pixels}. */
  public DecodeImages withMinSize(int pixels) {
    if (pixels < 1) {
      throw new IllegalArgumentException("minSize must be at least 1 pixel, got " + pixels);
    }
    return toBuilder().setMinSize(pixels).build();
  }

  /** Rejects images whose header declares more than {@code pixels} pixels. */
  public DecodeImages withMaxPixels(long pixels) {
    if (pixels < 1) {
      throw new IllegalArgumentException("maxPixels must be at least 1, got " + pixels);
    }
    return toBuilder().setMaxPixels(pixels).build();
  }

  @Override
  public SamplesAndRejects expand(PCollection<Sample> samples) {
    return samples.apply(
        SampleMapper.of(
            STAGE, "Decode and validate", new Decode(new ImageDecoder(minSize(), maxPixels()))));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("minSize", minSize()).withLabel("Smallest width/height (px)"))
        .add(DisplayData.item("maxPixels", maxPixels()).withLabel("Largest declared pixel count"));
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setMinSize(int minSize);

    abstract Builder setMaxPixels(long maxPixels);

    abstract DecodeImages build();
  }

  private static final class Decode implements SampleMapper.Mapping {
    private static final long serialVersionUID = 1L;
    private final ImageDecoder decoder;

    Decode(ImageDecoder decoder) {
      this.decoder = decoder;
    }

    @Override
    public Sample apply(Sample sample) throws SampleRejectedException {
      byte[] bytes;
      try {
        bytes = sample.bytes();
      } catch (UncheckedIOException e) {
        throw new SampleRejectedException(e.getMessage());
      }
      DecodedImage image = decoder.decode(bytes, claimedFormat(sample.uri()));
      Sample.Builder decoded =
          sample.toBuilder()
              .setFormat(image.format())
              .setWidth(image.width())
              .setHeight(image.height());
      if (image.bytes() == bytes) {
        // Unchanged bytes keep their file, if they have one, rather than moving into memory.
        decoded.setMd5(md5Of(sample, bytes));
      } else {
        // The rewritten file is what gets written: its hash is the one to record and compare.
        decoded.setBytes(image.bytes()).setMd5(Hashes.md5Hex(image.bytes()));
      }
      return decoded.build();
    }

    // A booru source has already checked the bytes against the API's MD5: no need to hash again.
    private static String md5Of(Sample sample, byte[] bytes) {
      return sample.md5().isEmpty() ? Hashes.md5Hex(bytes) : sample.md5();
    }

    private static Optional<ImageFormat> claimedFormat(String uri) {
      String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
      return ImageFormat.fromFileName(path.substring(path.lastIndexOf('/') + 1));
    }
  }
}
