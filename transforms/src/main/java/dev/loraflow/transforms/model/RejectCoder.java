package dev.loraflow.transforms.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/** The wire form of a {@link Reject}: its four strings in order, then its kind. */
public final class RejectCoder extends CustomCoder<Reject> {

  private static final RejectCoder INSTANCE = new RejectCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarIntCoder INT = VarIntCoder.of();

  private RejectCoder() {}

  public static RejectCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} find this coder for Reject and its subclasses. */
  public static CoderProvider getCoderProvider() {
    return new SubtypeCoderProvider<>(Reject.class, INSTANCE);
  }

  @Override
  public void encode(Reject reject, OutputStream out) throws IOException {
    STRING.encode(reject.id(), out);
    STRING.encode(reject.uri(), out);
    STRING.encode(reject.stage(), out);
    STRING.encode(reject.reason(), out);
    INT.encode(reject.kind().ordinal(), out);
  }

  @Override
  public Reject decode(InputStream in) throws IOException {
    return new Reject(
        STRING.decode(in),
        STRING.decode(in),
        STRING.decode(in),
        STRING.decode(in),
        Reject.Kind.values()[INT.decode(in)]);
  }

  @Override
  public void verifyDeterministic() {
    // Four strings and an ordinal, each with a deterministic coder.
  }
}
