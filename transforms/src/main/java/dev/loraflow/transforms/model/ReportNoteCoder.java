package dev.loraflow.transforms.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** The wire form of a {@link ReportNote}: its three strings in order. */
public final class ReportNoteCoder extends CustomCoder<ReportNote> {

  private static final ReportNoteCoder INSTANCE = new ReportNoteCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();

  private ReportNoteCoder() {}

  public static ReportNoteCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} find this coder for ReportNote. */
  public static CoderProvider getCoderProvider() {
    return new SubtypeCoderProvider<>(ReportNote.class, INSTANCE);
  }

  @Override
  public void encode(ReportNote note, OutputStream out) throws IOException {
    STRING.encode(note.section(), out);
    STRING.encode(note.key(), out);
    STRING.encode(note.json(), out);
  }

  @Override
  public ReportNote decode(InputStream in) throws IOException {
    return new ReportNote(STRING.decode(in), STRING.decode(in), STRING.decode(in));
  }

  @Override
  public void verifyDeterministic() {
    // Three strings, each with a deterministic coder.
  }
}
