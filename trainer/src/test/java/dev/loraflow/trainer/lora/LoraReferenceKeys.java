package dev.loraflow.trainer.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keys, shapes and dtypes of kohya's own SD 1.x networks ({@code lora_keys_sd15_rank4.json}).
 */
final class LoraReferenceKeys {

  /** Shape and dtype name ({@code float32}) of one reference tensor. */
  record Entry(List<Long> shape, String dtype) {}

  private LoraReferenceKeys() {}

  /** {@code default} (264 modules) or {@code with_conv_dim4} (350): key to shape and dtype. */
  static Map<String, Entry> keys(String variant) {
    Map<String, Entry> keys = new LinkedHashMap<>();
    json("/sd15/lora/lora_keys_sd15_rank4.json")
        .get(variant)
        .get("keys")
        .properties()
        .forEach(
            e -> {
              List<Long> shape = new ArrayList<>();
              e.getValue().get("shape").forEach(d -> shape.add(d.longValue()));
              keys.put(e.getKey(), new Entry(shape, e.getValue().get("dtype").textValue()));
            });
    return keys;
  }

  /** The module names of a variant: its keys without {@code .lora_down.weight}. */
  static List<String> moduleNames(String variant) {
    return keys(variant).keySet().stream()
        .filter(k -> k.endsWith(".lora_down.weight"))
        .map(k -> k.substring(0, k.length() - ".lora_down.weight".length()))
        .toList();
  }

  /** kohya module name to ldm weight key, the 264 default modules. */
  static Map<String, String> ldmWeights() {
    Map<String, String> map = new LinkedHashMap<>();
    json("/sd15/lora_name_to_ldm_key.json")
        .get("map")
        .properties()
        .forEach(e -> map.put(e.getKey(), e.getValue().get("ldm_weight").textValue()));
    return map;
  }

  private static JsonNode json(String resource) {
    try (InputStream in =
        Objects.requireNonNull(LoraReferenceKeys.class.getResourceAsStream(resource), resource)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
