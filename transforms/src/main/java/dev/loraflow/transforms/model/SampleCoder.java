package dev.loraflow.transforms.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * The wire form of a {@link Sample}: every field, in declaration order, with Beam's own
 * deterministic coders. Runners (DirectRunner, Flink) encode each element between steps, so this
 * must round-trip exactly.
 */
public final class SampleCoder extends CustomCoder<Sample> {

  private static final SampleCoder INSTANCE = new SampleCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();
  private static final BooleanCoder BOOLEAN = BooleanCoder.of();
  // Bumped when the layout changes, so stale encoded data fails loudly instead of misreading.
  private static final int VERSION = 2;

  private SampleCoder() {}

  public static SampleCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} find this coder for Sample and its subclasses. */
  public static CoderProvider getCoderProvider() {
    return new SubtypeCoderProvider<>(Sample.class, INSTANCE);
  }

  @Override
  public void encode(Sample sample, OutputStream out) throws IOException {
    INT.encode(VERSION, out);
    STRING.encode(sample.id(), out);
    STRING.encode(sample.source(), out);
    STRING.encode(sample.uri(), out);
    encodeNullable(sample.postUrl(), out);
    STRING.encode(sample.name(), out);
    encodeContent(sample.content(), out);
    STRING.encode(sample.md5(), out);
    STRING.encode(sample.format().map(ImageFormat::formatName).orElse(""), out);
    INT.encode(sample.width(), out);
    INT.encode(sample.height(), out);
    INT.encode(sample.tags().size(), out);
    DataOutputStream data = new DataOutputStream(out);
    for (Tag tag : sample.tags()) {
      STRING.encode(tag.name(), out);
      INT.encode(tag.category().ordinal(), out);
      data.writeFloat(tag.score());
    }
    data.flush();
    INT.encode(sample.rating().ordinal(), out);
    INT.encode(sample.caption().size(), out);
    for (String tag : sample.caption()) {
      STRING.encode(tag, out);
    }
  }

  @Override
  public Sample decode(InputStream in) throws IOException {
    int version = INT.decode(in);
    if (version != VERSION) {
      throw new CoderException(
          "Sample encoded with layout version " + version + ", expected " + VERSION);
    }
    Sample.Builder builder =
        Sample.builder()
            .setId(STRING.decode(in))
            .setSource(STRING.decode(in))
            .setUri(STRING.decode(in))
            .setPostUrl(decodeNullable(in))
            .setName(STRING.decode(in))
            .setContent(decodeContent(in))
            .setMd5(STRING.decode(in))
            .setFormat(decodeFormat(STRING.decode(in)))
            .setWidth(INT.decode(in))
            .setHeight(INT.decode(in));
    int tagCount = INT.decode(in);
    DataInputStream data = new DataInputStream(in);
    List<Tag> tags = new ArrayList<>(tagCount);
    for (int i = 0; i < tagCount; i++) {
      String name = STRING.decode(in);
      TagCategory category = TagCategory.values()[INT.decode(in)];
      tags.add(new Tag(name, category, data.readFloat()));
    }
    builder.setTags(tags).setRating(Rating.values()[INT.decode(in)]);
    int captionSize = INT.decode(in);
    List<String> caption = new ArrayList<>(captionSize);
    for (int i = 0; i < captionSize; i++) {
      caption.add(STRING.decode(in));
    }
    return builder.setCaption(caption).build();
  }

  @Override
  public void verifyDeterministic() {
    // Every field is written by a deterministic coder in a fixed order.
  }

  // A file reference travels as its path: the bytes stay on disk until a stage reads them.
  private static void encodeContent(ImageBytes content, OutputStream out) throws IOException {
    Optional<String> file = content.file();
    BOOLEAN.encode(file.isPresent(), out);
    if (file.isPresent()) {
      STRING.encode(file.get(), out);
    } else {
      BYTES.encode(content.read(), out);
    }
  }

  private static ImageBytes decodeContent(InputStream in) throws IOException {
    return BOOLEAN.decode(in)
        ? ImageBytes.inFile(STRING.decode(in))
        : ImageBytes.of(BYTES.decode(in));
  }

  // Written as its name, empty for none, so a sample's encoding does not hang on enum order.
  private static Optional<ImageFormat> decodeFormat(String name) {
    return name.isEmpty() ? Optional.empty() : Optional.of(ImageFormat.fromFormatName(name));
  }

  private static void encodeNullable(String value, OutputStream out) throws IOException {
    out.write(value == null ? 0 : 1);
    if (value != null) {
      STRING.encode(value, out);
    }
  }

  private static String decodeNullable(InputStream in) throws IOException {
    int marker = in.read();
    if (marker < 0) {
      throw new CoderException("Sample ended before its post URL");
    }
    return marker == 0 ? null : STRING.decode(in);
  }
}
