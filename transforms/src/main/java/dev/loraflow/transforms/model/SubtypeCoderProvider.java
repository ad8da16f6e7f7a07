package dev.loraflow.transforms.model;

import java.util.List;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Provides one coder for a type and all its subtypes. Beam infers coders from an element's runtime
 * class, which for {@link Sample} is AutoValue's generated subclass, not {@code Sample} itself.
 */
final class SubtypeCoderProvider<T> extends CoderProvider {
  private final Class<T> type;
  private final Coder<T> coder;

  SubtypeCoderProvider(Class<T> type, Coder<T> coder) {
    this.type = type;
    this.coder = coder;
  }

  @Override
  @SuppressWarnings("unchecked") // checked: the requested type is T or a subtype
  public <U> Coder<U> coderFor(
      TypeDescriptor<U> requested, List<? extends Coder<?>> componentCoders)
      throws CannotProvideCoderException {
    if (!type.isAssignableFrom(requested.getRawType())) {
      throw new CannotProvideCoderException(requested + " is not a " + type.getSimpleName());
    }
    return (Coder<U>) coder;
  }
}
