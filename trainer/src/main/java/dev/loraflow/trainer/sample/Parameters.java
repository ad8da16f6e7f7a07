package dev.loraflow.trainer.sample;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The A1111 {@code parameters} text that tools reading A1111 images show: the prompt, a {@code
 * Negative prompt:} line, then {@code Steps: .., Sampler: .., CFG scale: .., Seed: .., Size: WxH,
 * Model hash: .., Model: .., Lora hashes: "name: hash", Clip skip: ..} (the last two only when
 * there are LoRA files and clip skip is above 1, as A1111 writes them).
 */
public record Parameters(
    SampleRequest request,
    String modelName,
    String modelHash,
    Map<String, String> loraHashes,
    int clipSkip) {

  public Parameters {
    loraHashes = Collections.unmodifiableMap(new LinkedHashMap<>(loraHashes)); // in stack order
  }

  public String text() {
    StringBuilder text = new StringBuilder(request.prompt());
    if (!request.negativePrompt().isEmpty()) {
      text.append("\nNegative prompt: ").append(request.negativePrompt());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("Steps", String.valueOf(request.steps()));
    fields.put("Sampler", request.sampler().label());
    fields.put("CFG scale", number(request.cfgScale()));
    fields.put("Seed", String.valueOf(request.seed()));
    fields.put("Size", request.width() + "x" + request.height());
    fields.put("Model hash", modelHash);
    fields.put("Model", modelName);
    if (!loraHashes.isEmpty()) {
      StringBuilder hashes = new StringBuilder();
      loraHashes.forEach(
          (name, hash) ->
              hashes.append(hashes.length() == 0 ? "" : ", ").append(name + ": " + hash));
      fields.put("Lora hashes", hashes.toString());
    }
    if (clipSkip > 1) {
      fields.put("Clip skip", String.valueOf(clipSkip));
    }
    text.append('\n');
    String separator = "";
    for (Map.Entry<String, String> field : fields.entrySet()) {
      text.append(separator).append(field.getKey()).append(": ").append(quote(field.getValue()));
      separator = ", ";
    }
    return text.toString();
  }

  /** 7.5 as "7.5" and 7 as "7.0", as Python prints A1111's floats. */
  private static String number(double value) {
    return String.valueOf(value);
  }

  /** A1111's {@code quote}: a value holding a comma, colon or newline goes in JSON quotes. */
  static String quote(String value) {
    if (value.indexOf(',') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
