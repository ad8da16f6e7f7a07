package dev.loraflow.trainer.lora;

import static dev.loraflow.trainer.lora.LoraNetwork.ALPHA;
import static dev.loraflow.trainer.lora.LoraNetwork.DOWN;
import static dev.loraflow.trainer.lora.LoraNetwork.UP;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.SafetensorsReader;
import dev.loraflow.trainer.io.SafetensorsWriter;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.unet.UNetModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A kohya LoRA {@code .safetensors} file (the format A1111, ComfyUI and civitai read): writing a
 * {@link LoraNetwork} with its metadata, and reading one to apply to the models. Reading checks
 * every key is a kohya LoRA key of an SD 1.x module and infers each module's rank and alpha.
 */
public final class LoraFile implements AutoCloseable {

  /** Key fragments of formats that are not kohya's {@code networks.lora}, and their names. */
  private static final Map<String, String> OTHER_FORMATS = otherFormats();

  /** What the file holds for one module. */
  public record Spec(int rank, float alpha, boolean conv) {}

  private final Path file;
  private final SafetensorsReader reader;
  private final Map<String, Spec> modules;
  private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();

  private LoraFile(Path file, SafetensorsReader reader, Map<String, Spec> modules) {
    this.file = file;
    this.reader = reader;
    this.modules = Collections.unmodifiableMap(modules);
    reader.tensors().forEach(info -> tensors.put(info.name(), info));
  }

  /** Writes {@code network}'s tensors in float16, as kohya saves by default. */
  public static void write(Path file, LoraNetwork network, Map<String, String> metadata)
      throws IOException {
    write(file, network, Dtype.F16, metadata);
  }

  /** Writes {@code network}'s tensors as {@code dtype} (F16, BF16 or F32); atomic. */
  public static void write(
      Path file, LoraNetwork network, Dtype dtype, Map<String, String> metadata)
      throws IOException {
    SafetensorsWriter.write(file, network.export(dtype), metadata);
  }

  /** Opens and validates a kohya LoRA file; the caller closes it. */
  public static LoraFile read(Path file) throws IOException {
    SafetensorsReader reader = SafetensorsReader.open(file);
    try {
      return new LoraFile(file, reader, validate(file, reader));
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** Each module's rank and alpha, by kohya name, in file order. */
  public Map<String, Spec> modules() {
    return modules;
  }

  public Map<String, String> metadata() {
    return reader.metadata();
  }

  /**
   * Puts the file's LoRAs on the models at {@code multiplier}, as frozen float32 weights in {@code
   * manager}; the result's {@link LoraNetwork#detach} takes them off. Modules of a model given as
   * null are skipped (a text encoder LoRA does nothing to a UNet-only pipeline).
   */
  public LoraNetwork apply(
      UNetModel unetOrNull, ClipTextModel textEncoderOrNull, float multiplier, NDManager manager)
      throws IOException {
    KohyaNames names = LoraNetwork.names(unetOrNull, textEncoderOrNull);
    Map<String, Module> unetLayers = unetOrNull == null ? Map.of() : unetOrNull.modulesByPath();
    Map<String, Module> textLayers =
        textEncoderOrNull == null ? Map.of() : textEncoderOrNull.modulesByPath();
    Map<String, LoraModule> loras = new LinkedHashMap<>();
    Map<String, Module> layers = new LinkedHashMap<>();
    for (Map.Entry<String, Spec> entry : modules.entrySet()) {
      String name = entry.getKey();
      boolean unet = name.startsWith(KohyaNames.UNET_PREFIX);
      if ((unet ? unetOrNull : textEncoderOrNull) == null) {
        continue;
      }
      String path = names.modulePath(name).orElse("");
      String prefix = unet ? UNetModel.CHECKPOINT_PREFIX : ClipTextModel.CHECKPOINT_PREFIX;
      Module layer =
          path.startsWith(prefix)
              ? (unet ? unetLayers : textLayers).get(path.substring(prefix.length()))
              : null;
      if (layer == null) {
        throw new IOException(file + ": " + name + " names no layer of the given model");
      }
      Spec spec = entry.getValue();
      LoraModule lora = LoraModule.forLayer(layer, spec.rank(), spec.alpha());
      checkShape(name + DOWN, lora, "lora_down.weight");
      checkShape(name + UP, lora, "lora_up.weight");
      loras.put(name, lora);
      layers.put(name, layer);
    }
    for (Map.Entry<String, LoraModule> entry : loras.entrySet()) {
      String name = entry.getKey();
      entry
          .getValue()
          .load(
              manager,
              reader.read(name + DOWN).toFloatArray(),
              reader.read(name + UP).toFloatArray(),
              false);
    }
    LoraNetwork network = new LoraNetwork(loras, layers);
    network.setMultiplier(multiplier);
    return network;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private void checkShape(String key, LoraModule lora, String weight) throws IOException {
    long[] expected = lora.weightsByPath().get(weight).shape().getShape();
    long[] stored = tensors.get(key).shape();
    if (!Arrays.equals(expected, stored)) {
      throw new IOException(
          file
              + ": "
              + key
              + " has shape "
              + Arrays.toString(stored)
              + " but the model's layer needs "
              + Arrays.toString(expected));
    }
  }

  /** Rank and alpha of each module, after checking every key, dtype and shape of the file. */
  private static Map<String, Spec> validate(Path file, SafetensorsReader reader)
      throws IOException {
    KohyaNames names = KohyaNames.sd15();
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    TreeSet<String> bad = new TreeSet<>();
    for (TensorInfo info : reader.tensors()) {
      String module = moduleOf(info.name());
      if (module == null || names.modulePath(module).isEmpty()) {
        bad.add(info.name());
      }
      tensors.put(info.name(), info);
    }
    if (!bad.isEmpty()) {
      throw new IOException(
          file
              + ": not a kohya LoRA (networks.lora) of SD 1.x"
              + recognisedFormat(tensors.keySet())
              + "; "
              + bad.size()
              + " of "
              + tensors.size()
              + " keys are not LoRA keys of SD 1.x modules, e.g. "
              + KeyLists.some(bad));
    }
    Map<String, Spec> modules = new LinkedHashMap<>();
    for (TensorInfo info : tensors.values()) {
      String module = moduleOf(info.name());
      if (!modules.containsKey(module)) {
        modules.put(module, spec(file, module, tensors, reader));
      }
    }
    return modules;
  }

  private static Spec spec(
      Path file, String module, Map<String, TensorInfo> tensors, SafetensorsReader reader)
      throws IOException {
    TensorInfo down = tensors.get(module + DOWN);
    TensorInfo up = tensors.get(module + UP);
    if (down == null || up == null) {
      throw new IOException(
          file + ": " + module + " needs both " + DOWN.substring(1) + " and " + UP.substring(1));
    }
    for (TensorInfo info : List.of(down, up)) {
      if (!info.dtype().isFloating()) {
        throw new IOException(file + ": " + info + " is not floating point");
      }
    }
    long[] d = down.shape();
    long[] u = up.shape();
    boolean linear = d.length == 2 && u.length == 2 && u[1] == d[0];
    boolean conv = d.length == 4 && u.length == 4 && u[1] == d[0] && u[2] == 1 && u[3] == 1;
    if (!(linear || conv) || d[0] <= 0) {
      throw new IOException(
          file
              + ": "
              + module
              + " has lora_down "
              + Arrays.toString(d)
              + " and lora_up "
              + Arrays.toString(u)
              + "; expected [r, in] and [out, r], or [r, in, k, k] and [out, r, 1, 1]");
    }
    int rank = Math.toIntExact(d[0]);
    TensorInfo alphaInfo = tensors.get(module + ALPHA);
    if (alphaInfo == null) {
      return new Spec(rank, rank, conv); // kohya: no alpha means alpha = rank
    }
    if (alphaInfo.elementCount() != 1 || !alphaInfo.dtype().isFloating()) {
      throw new IOException(file + ": " + alphaInfo + " is not a floating-point scalar");
    }
    float alpha = reader.read(alphaInfo.name()).toFloatArray()[0];
    if (!Float.isFinite(alpha)) {
      throw new IOException(file + ": " + alphaInfo.name() + " is " + alpha);
    }
    return new Spec(rank, alpha == 0 ? rank : alpha, conv);
  }

  /** The module a kohya key belongs to, or null if the key is not one of a LoRA module's three. */
  private static String moduleOf(String key) {
    for (String suffix : List.of(DOWN, UP, ALPHA)) {
      if (key.endsWith(suffix) && key.length() > suffix.length()) {
        return key.substring(0, key.length() - suffix.length());
      }
    }
    return null;
  }

  private static String recognisedFormat(Iterable<String> keys) {
    for (String key : keys) {
      for (Map.Entry<String, String> format : OTHER_FORMATS.entrySet()) {
        if (key.contains(format.getKey())) {
          return " (it looks like " + format.getValue() + ")";
        }
      }
    }
    return "";
  }

  private static Map<String, String> otherFormats() {
    Map<String, String> formats = new LinkedHashMap<>();
    formats.put("hada_w1_a", "a LyCORIS LoHa");
    formats.put("lokr_w1", "a LyCORIS LoKr");
    formats.put(".on_input", "a LyCORIS (IA)^3");
    formats.put(".dora_scale", "a DoRA");
    formats.put(".lora_A.", "a PEFT/diffusers LoRA (lora_A/lora_B)");
    formats.put("lora_te1_", "an SDXL LoRA (lora_te1/lora_te2)");
    formats.put("lora_te2_", "an SDXL LoRA (lora_te1/lora_te2)");
    formats.put("model.diffusion_model.", "a model checkpoint, not a LoRA");
    return Collections.unmodifiableMap(formats);
  }
}
