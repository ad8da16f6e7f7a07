package dev.loraflow.trainer.lora;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.nn.Adapter;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.Weight;
import dev.loraflow.trainer.sd.ClipTextConfig;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.UNetConfig;
import dev.loraflow.trainer.sd.unet.Downsample;
import dev.loraflow.trainer.sd.unet.ResBlock;
import dev.loraflow.trainer.sd.unet.SpatialTransformer;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.sd.unet.Upsample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Kohya's {@code networks.lora} on our models: a {@link LoraModule} on every layer kohya targets,
 * attached as the layer's adapter, named and keyed as kohya names them, so what it exports is a
 * kohya LoRA file's tensors. Targets are the linear and 1x1 conv layers of the UNet's transformers
 * and of the text encoder's attention and MLP; with conv LoRAs on, also those of the ResBlocks and
 * samplers, whose 3x3 convs take the conv rank.
 */
public final class LoraNetwork {

  static final String DOWN = ".lora_down.weight";
  static final String UP = ".lora_up.weight";
  static final String ALPHA = ".alpha";

  private final Map<String, LoraModule> modules;
  private final Map<String, Module> layers;

  LoraNetwork(Map<String, LoraModule> modules, Map<String, Module> layers) {
    this.modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
    this.layers = Map.copyOf(layers);
    this.modules.forEach((name, lora) -> adapterOf(layers.get(name), lora));
  }

  /**
   * Puts freshly initialised LoRAs on {@code unet} and, if {@code config} trains it, on {@code
   * textEncoderOrNull}; their weights are float32 in {@code manager}, drawn from {@code seed}.
   */
  public static LoraNetwork create(
      UNetModel unet,
      ClipTextModel textEncoderOrNull,
      LoraConfig config,
      NDManager manager,
      long seed) {
    if (config.trainTextEncoder() && textEncoderOrNull == null) {
      throw new IllegalArgumentException(
          "LoraConfig.trainTextEncoder is set but no text encoder was given");
    }
    KohyaNames names = names(unet, textEncoderOrNull);
    Map<String, Module> layers = new LinkedHashMap<>();
    if (config.trainTextEncoder()) { // kohya builds the text encoder's LoRAs first
      for (Map.Entry<String, Module> e : textEncoderOrNull.modulesByPath().entrySet()) {
        if (e.getValue() instanceof Linear) { // its only linears: attention and MLP
          layers.put(name(names, ClipTextModel.CHECKPOINT_PREFIX + e.getKey()), e.getValue());
        }
      }
    }
    for (Map.Entry<String, Module> e : unet.modulesByPath().entrySet()) {
      if (isTarget(e.getValue(), config)) {
        String block = UNetModel.CHECKPOINT_PREFIX + e.getKey() + ".";
        for (Map.Entry<String, Module> child : e.getValue().modulesByPath().entrySet()) {
          if (rankFor(child.getValue(), config) > 0) {
            layers.put(name(names, block + child.getKey()), child.getValue());
          }
        }
      }
    }

    SplittableRandom random = new SplittableRandom(seed);
    Map<String, LoraModule> modules = new LinkedHashMap<>();
    layers.forEach(
        (name, layer) -> {
          int rank = rankFor(layer, config);
          LoraModule lora =
              LoraModule.forLayer(
                  layer, rank, isLinearOr1x1(layer) ? config.alpha() : config.convAlpha());
          lora.initialise(manager, random);
          lora.setMultiplier(config.multiplier());
          modules.put(name, lora);
        });
    return new LoraNetwork(modules, layers);
  }

  /** Every LoRA module by kohya name, text encoder first, in kohya's order. */
  public Map<String, LoraModule> modules() {
    return modules;
  }

  /** The UNet's trainable weights by kohya key ({@code <name>.lora_down.weight}, ...lora_up...). */
  public Map<String, Weight> unetWeights() {
    return weights(KohyaNames.UNET_PREFIX);
  }

  /** The text encoder's trainable weights by kohya key (empty when it is not trained). */
  public Map<String, Weight> textEncoderWeights() {
    return weights(KohyaNames.TEXT_ENCODER_PREFIX);
  }

  /** Number of trainable values (every lora_down and lora_up element). */
  public long parameterCount() {
    return modules.values().stream()
        .flatMap(m -> m.trainableWeights().values().stream())
        .mapToLong(w -> w.shape().size())
        .sum();
  }

  /** What {@link #limitNorms} did: modules scaled, and the mean and largest delta norm after. */
  public record NormLimit(int scaled, double meanNorm, double maxNorm) {}

  /** {@link LoraModule#limitNorm} on every module, as kohya's {@code scale_weight_norms} does. */
  public NormLimit limitNorms(double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException("scaleWeightNorms must be finite and > 0, got " + maxNorm);
    }
    int scaled = 0;
    double sum = 0;
    double max = 0;
    for (LoraModule module : modules.values()) {
      double norm = module.limitNorm(maxNorm);
      scaled += norm == maxNorm ? 1 : 0;
      sum += norm;
      max = Math.max(max, norm);
    }
    return new NormLimit(scaled, modules.isEmpty() ? 0 : sum / modules.size(), max);
  }

  /** Scales every module's delta (1 while training; a LoRA's strength when sampling). */
  public void setMultiplier(float multiplier) {
    if (!Float.isFinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be finite, got " + multiplier);
    }
    modules.values().forEach(m -> m.setMultiplier(multiplier));
  }

  /**
   * The LoRAs whose kohya name passes {@code keep}, as a network of their own; the others are taken
   * off their layers (a benchmark compares like for like with a run that adapts fewer layers).
   */
  public LoraNetwork only(Predicate<String> keep) {
    Map<String, LoraModule> kept = new LinkedHashMap<>();
    Map<String, Module> keptLayers = new LinkedHashMap<>();
    modules.forEach(
        (name, lora) -> {
          if (keep.test(name)) {
            kept.put(name, lora);
            keptLayers.put(name, layers.get(name));
          } else {
            adapterOf(layers.get(name), null);
          }
        });
    return new LoraNetwork(kept, keptLayers);
  }

  /** The layer each module sits on, by kohya name. */
  Map<String, Module> layers() {
    return layers;
  }

  /** Takes every LoRA off its layer; the models then compute what they did before. */
  public void detach() {
    layers.values().forEach(layer -> adapterOf(layer, null));
  }

  /**
   * Every tensor as kohya saves it ({@code .lora_down.weight}, {@code .lora_up.weight}, 0-d {@code
   * .alpha}), converted in Java to {@code dtype}: F16 (kohya's usual save precision), BF16 or F32.
   */
  public TensorStore export(Dtype dtype) {
    InMemoryTensors store = new InMemoryTensors();
    modules.forEach(
        (name, lora) -> {
          store.put(tensor(name + ALPHA, lora.weightsByPath().get("alpha"), dtype));
          store.put(tensor(name + DOWN, lora.weightsByPath().get("lora_down.weight"), dtype));
          store.put(tensor(name + UP, lora.weightsByPath().get("lora_up.weight"), dtype));
        });
    return store;
  }

  /**
   * Replaces every module's weights with {@code weights}' (a file this network, or one made with
   * the same settings, exported), to resume or start from them. The keys must be exactly this
   * network's, with the same shapes and alphas (to half precision).
   */
  public void load(TensorStore weights) throws IOException {
    Map<String, TensorInfo> stored = new LinkedHashMap<>();
    weights.tensors().forEach(info -> stored.put(info.name(), info));
    Set<String> expected = new TreeSet<>();
    modules.keySet().forEach(n -> expected.addAll(List.of(n + ALPHA, n + DOWN, n + UP)));
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(stored.keySet());
    Set<String> extra = new TreeSet<>(stored.keySet());
    extra.removeAll(expected);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IOException(
          "LoRA weights do not fit this network: "
              + missing.size()
              + " keys missing "
              + KeyLists.some(missing)
              + ", "
              + extra.size()
              + " unexpected "
              + KeyLists.some(extra));
    }
    List<Runnable> sets = new ArrayList<>();
    for (Map.Entry<String, LoraModule> entry : modules.entrySet()) {
      String name = entry.getKey();
      LoraModule lora = entry.getValue();
      float alpha = weights.read(name + ALPHA).toFloatArray()[0];
      if (Math.abs(alpha - lora.alpha()) > 1e-2 * Math.max(1, Math.abs(lora.alpha()))) {
        throw new IOException(
            name + ALPHA + " is " + alpha + " but this network's alpha is " + lora.alpha());
      }
      float[] down = values(weights, name + DOWN, lora.weightsByPath().get("lora_down.weight"));
      float[] up = values(weights, name + UP, lora.weightsByPath().get("lora_up.weight"));
      NDManager manager = lora.weightsByPath().get("alpha").array().getManager();
      boolean trainable = lora.weightsByPath().get("lora_down.weight").isTrainable();
      sets.add(() -> lora.load(manager, down, up, trainable));
    }
    sets.forEach(Runnable::run); // only once everything has been checked
  }

  static KohyaNames names(UNetModel unetOrNull, ClipTextModel textEncoderOrNull) {
    return KohyaNames.of(
        unetOrNull == null ? UNetConfig.sd15() : unetOrNull.config(),
        textEncoderOrNull == null ? ClipTextConfig.sd15() : textEncoderOrNull.config());
  }

  private Map<String, Weight> weights(String prefix) {
    Map<String, Weight> out = new LinkedHashMap<>();
    modules.forEach(
        (name, lora) -> {
          if (name.startsWith(prefix)) {
            lora.trainableWeights().forEach((path, w) -> out.put(name + "." + path, w));
          }
        });
    return Collections.unmodifiableMap(out);
  }

  private static float[] values(TensorStore weights, String key, Weight into) throws IOException {
    TensorData data = weights.read(key);
    if (!new Shape(data.info().shape()).equals(into.shape())) {
      throw new IOException(
          key
              + " has shape "
              + Arrays.toString(data.info().shape())
              + ", this network's is "
              + Arrays.toString(into.shape().getShape()));
    }
    return data.toFloatArray();
  }

  private static TensorData tensor(String key, Weight weight, Dtype dtype) {
    return TensorData.ofFloats(
        key, weight.shape().getShape(), weight.array().toFloatArray(), dtype);
  }

  /**
   * kohya's target blocks: Transformer2DModel always; ResnetBlock2D, Downsample2D and Upsample2D
   * when conv LoRAs are on.
   */
  private static boolean isTarget(Module block, LoraConfig config) {
    boolean convBlock =
        block instanceof ResBlock || block instanceof Downsample || block instanceof Upsample;
    return block instanceof SpatialTransformer || (convBlock && config.convRank() > 0);
  }

  /** The rank kohya gives a layer of a target block: 0 for layers it leaves alone. */
  private static int rankFor(Module layer, LoraConfig config) {
    if (isLinearOr1x1(layer)) {
      return config.rank();
    }
    return layer instanceof Conv2d ? config.convRank() : 0;
  }

  private static boolean isLinearOr1x1(Module layer) {
    return layer instanceof Linear || (layer instanceof Conv2d c && c.kernelSize() == 1);
  }

  private static String name(KohyaNames names, String path) {
    return names
        .kohyaName(path)
        .orElseThrow(() -> new IllegalStateException("no kohya name for LoRA target " + path));
  }

  static void adapterOf(Module layer, Adapter adapter) {
    if (layer instanceof Linear linear) {
      linear.setAdapter(adapter);
    } else {
      ((Conv2d) layer).setAdapter(adapter);
    }
  }
}
