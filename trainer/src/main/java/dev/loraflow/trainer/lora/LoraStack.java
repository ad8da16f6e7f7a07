package dev.loraflow.trainer.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.unet.UNetModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several kohya LoRA files on one model at their own multipliers, as A1111 stacks {@code
 * <lora:a:0.8> <lora:b:0.5>}: a layer that two files adapt adds both deltas. Every file is read and
 * checked against the model before any is attached.
 */
public final class LoraStack {

  /** A LoRA file and its multiplier. */
  public record Entry(Path file, float multiplier) {

    /** {@code file.safetensors:0.8}, or a file alone at multiplier 1. */
    public static Entry parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon > 0) {
        try {
          return new Entry(
              Path.of(text.substring(0, colon)), Float.parseFloat(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
          // a colon of the path itself (C:\...): the whole text is the file
        }
      }
      return new Entry(Path.of(text), 1f);
    }
  }

  private final List<LoraNetwork> networks;
  private final Map<Module, List<LoraModule>> byLayer;

  private LoraStack(List<LoraNetwork> networks, Map<Module, List<LoraModule>> byLayer) {
    this.networks = networks;
    this.byLayer = byLayer;
  }

  /** Puts every entry's LoRAs on the models (a null model's are skipped, as in LoraFile). */
  public static LoraStack apply(
      List<Entry> entries, UNetModel unetOrNull, ClipTextModel textEncoderOrNull, NDManager manager)
      throws IOException {
    for (Entry entry : entries) {
      if (!Files.isRegularFile(entry.file())) {
        throw new IOException("LoRA file " + entry.file() + " does not exist");
      }
      if (!Float.isFinite(entry.multiplier())) {
        throw new IllegalArgumentException(
            "LoRA multiplier of " + entry.file() + " must be finite, got " + entry.multiplier());
      }
    }
    List<LoraNetwork> networks = new ArrayList<>();
    Map<Module, List<LoraModule>> byLayer = new IdentityHashMap<>();
    try {
      for (Entry entry : entries) {
        try (LoraFile file = LoraFile.read(entry.file())) {
          LoraNetwork network =
              file.apply(unetOrNull, textEncoderOrNull, entry.multiplier(), manager);
          networks.add(network);
          network
              .modules()
              .forEach(
                  (name, lora) ->
                      byLayer
                          .computeIfAbsent(network.layers().get(name), l -> new ArrayList<>())
                          .add(lora));
        }
      }
    } catch (IOException | RuntimeException e) {
      networks.forEach(LoraNetwork::detach);
      throw e;
    }
    byLayer.forEach(
        (layer, loras) -> {
          if (loras.size() > 1) { // the last file's LoRA replaced the others: add them all
            LoraNetwork.adapterOf(layer, input -> sum(loras, input));
          }
        });
    return new LoraStack(networks, byLayer);
  }

  /** Each file's network, in the order given. */
  public List<LoraNetwork> networks() {
    return networks;
  }

  /** Takes every file's LoRAs off the models. */
  public void detach() {
    byLayer.keySet().forEach(layer -> LoraNetwork.adapterOf(layer, null));
  }

  private static NDArray sum(List<LoraModule> loras, NDArray input) {
    NDArray total = loras.get(0).delta(input);
    for (int i = 1; i < loras.size(); i++) {
      total = total.add(loras.get(i).delta(input));
    }
    return total;
  }
}
