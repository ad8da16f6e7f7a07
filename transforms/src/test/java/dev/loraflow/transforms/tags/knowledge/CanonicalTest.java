package dev.loraflow.transforms.tags.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.source.booru.DanbooruTagLists.Pair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class CanonicalTest {

  @Test
  void everyDeserializedCopyOfAVocabularyIsTheOneInstance() {
    TagVocabulary vocabulary =
        TagVocabulary.of(
            Map.of("long_hair", 5_000_000L, "red_bow", 300_000L),
            Map.of("blond_hair", "blonde_hair"),
            "test tags");

    // As a runner deserializes each instance of a DoFn that holds it.
    TagVocabulary first = SerializableUtils.clone(vocabulary);
    TagVocabulary second = SerializableUtils.clone(vocabulary);

    assertThat(second).isSameAs(first);
    assertThat(first.knows("long hair")).isTrue();
    TagVocabulary other =
        SerializableUtils.clone(TagVocabulary.of(Map.of("bow", 1L), Map.of(), "test tags"));
    assertThat(other).isNotSameAs(first).isNotEqualTo(first);
  }

  @Test
  void everyDeserializedCopyOfTheImplicationsIsTheOneInstance() {
    TagKnowledge knowledge =
        new TagKnowledge(
            "https://danbooru.example",
            Instant.EPOCH,
            100,
            List.of(new Pair("very_long_hair", "long_hair")),
            List.of(),
            List.of());

    Implications first = SerializableUtils.clone(knowledge.implied());
    Implications second = SerializableUtils.clone(knowledge.implied());

    assertThat(second).isSameAs(first);
    assertThat(first.of("very long hair")).containsExactly("long hair");
  }
}
