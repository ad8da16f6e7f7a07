package dev.loraflow.pipelines;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.loraflow.transforms.model.TagCategory;
import dev.loraflow.transforms.tagging.MergeMode;
import dev.loraflow.transforms.tagging.onnx.ExecutionProvider;
import dev.loraflow.transforms.tagging.onnx.TagPosition;
import dev.loraflow.transforms.tags.knowledge.TagData;
import java.util.List;

/**
 * Lets the enum-valued options be typed as people type them ({@code --taggerDevice=cuda}) while
 * Beam parses them and lists their values in {@code --help}. Beam reads option values with a
 * Jackson mapper that loads every {@code Module} named in {@code META-INF/services}; this one makes
 * the enums below case-insensitive there.
 */
public final class OptionEnums extends SimpleModule {
  private static final long serialVersionUID = 1L;

  static final List<Class<? extends Enum<?>>> TYPES =
      List.of(
          AutoTagger.class,
          ImageSource.class,
          ExecutionProvider.class,
          MergeMode.class,
          TagPosition.class,
          TagCategory.class,
          TagData.Mode.class);

  public OptionEnums() {
    super("loraflow-option-enums");
  }

  @Override
  public void setupModule(SetupContext context) {
    super.setupModule(context);
    JsonFormat.Value anyCase =
        JsonFormat.Value.empty()
            .withFeature(JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .withFeature(JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES);
    for (Class<?> type : TYPES) {
      context.configOverride(type).setFormat(anyCase);
    }
  }
}
