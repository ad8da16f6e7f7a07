package dev.loraflow.trainer.lora;

import dev.loraflow.trainer.sd.ClipTextConfig;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.UNetConfig;
import dev.loraflow.trainer.sd.unet.UNetModel;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kohya LoRA module names ({@code lora_unet_down_blocks_0_attentions_0_proj_in}, {@code
 * lora_te_text_model_encoder_layers_11_mlp_fc2}) to and from our module paths, which are checkpoint
 * keys without {@code .weight} ({@code model.diffusion_model.input_blocks.1.1.proj_in}). Kohya
 * names are diffusers paths with {@code .} replaced by {@code _}; diffusers numbers blocks per
 * level where ldm numbers them in one list, so the block rules depend on the UNet's layout. Pure
 * string work: nothing here touches a model.
 */
public final class KohyaNames {

  public static final String UNET_PREFIX = "lora_unet_";
  public static final String TEXT_ENCODER_PREFIX = "lora_te_";

  /** A ResBlock's layers: diffusers' names (as kohya writes them) to ldm's. */
  private static final Map<String, String> RESNET_LAYERS =
      Map.of(
          "conv1", "in_layers.2",
          "time_emb_proj", "emb_layers.1",
          "conv2", "out_layers.3",
          "conv_shortcut", "skip_connection");

  /** A block or layer number: no leading zeros (so a name has one spelling), at most 6 digits. */
  private static final String N = "(0|[1-9]\\d{0,5})";

  private static final Pattern UNET =
      Pattern.compile(
          "(?:(down_blocks|up_blocks)_"
              + N
              + "|mid_block)_(?:(attentions)_"
              + N
              + "_(.+)|(resnets)_"
              + N
              + "_(.+)|(downsamplers|upsamplers)_0_conv)");
  private static final Pattern TRANSFORMER_LAYER =
      Pattern.compile(
          "proj_in|proj_out|transformer_blocks_"
              + N
              + "_((attn[12])_(to_q|to_k|to_v|to_out_0)|ff_net_0_proj|ff_net_2)");
  private static final Pattern TEXT_LAYER =
      Pattern.compile(
          "text_model_encoder_layers_" + N + "_(self_attn_(?:q|k|v|out)_proj|mlp_fc[12])");

  private static final Pattern LDM_BLOCK =
      Pattern.compile(
          "(input_blocks|output_blocks)\\."
              + N
              + "\\."
              + N
              + "\\.(.+)|middle_block\\."
              + N
              + "\\.(.+)");
  private static final Pattern LDM_TRANSFORMER_LAYER =
      Pattern.compile(
          "proj_in|proj_out|transformer_blocks\\."
              + N
              + "\\.(?:attn[12]\\.(?:to_q|to_k|to_v|to_out\\.0)|ff\\.net\\.0\\.proj|ff\\.net\\.2)");
  private static final Pattern LDM_TEXT_LAYER =
      Pattern.compile(
          "text_model\\.encoder\\.layers\\."
              + N
              + "\\.(?:self_attn\\.(?:q|k|v|out)_proj|mlp\\.fc[12])");

  private final UNetConfig unet;
  private final int textLayers;

  private KohyaNames(UNetConfig unet, ClipTextConfig textEncoder) {
    this.unet = unet;
    this.textLayers = textEncoder.layers();
  }

  /** Names for SD 1.x: the UNet and text encoder every SD 1.x LoRA is made for. */
  public static KohyaNames sd15() {
    return of(UNetConfig.sd15(), ClipTextConfig.sd15());
  }

  /** Names for models of these sizes (block numbers depend on levels and ResBlocks per level). */
  public static KohyaNames of(UNetConfig unet, ClipTextConfig textEncoder) {
    return new KohyaNames(unet, textEncoder);
  }

  /**
   * The module path of a kohya module name, or empty if the name is not that of a module kohya's
   * {@code networks.lora} puts a LoRA on in models of these sizes.
   */
  public Optional<String> modulePath(String kohyaName) {
    if (kohyaName.startsWith(UNET_PREFIX)) {
      return unetPath(kohyaName.substring(UNET_PREFIX.length()))
          .map(p -> UNetModel.CHECKPOINT_PREFIX + p);
    }
    if (kohyaName.startsWith(TEXT_ENCODER_PREFIX)) {
      Matcher m = TEXT_LAYER.matcher(kohyaName.substring(TEXT_ENCODER_PREFIX.length()));
      if (!m.matches() || !below(m.group(1), textLayers)) {
        return Optional.empty();
      }
      String layer = m.group(2).replaceFirst("^self_attn_", "self_attn.").replace("mlp_", "mlp.");
      return Optional.of(
          ClipTextModel.CHECKPOINT_PREFIX
              + "text_model.encoder.layers."
              + m.group(1)
              + "."
              + layer);
    }
    return Optional.empty();
  }

  /** The kohya name of a module path, or empty if kohya puts no LoRA on that module. */
  public Optional<String> kohyaName(String modulePath) {
    if (modulePath.startsWith(UNetModel.CHECKPOINT_PREFIX)) {
      return unetName(modulePath.substring(UNetModel.CHECKPOINT_PREFIX.length()))
          .map(n -> UNET_PREFIX + n.replace('.', '_'));
    }
    if (modulePath.startsWith(ClipTextModel.CHECKPOINT_PREFIX)) {
      String path = modulePath.substring(ClipTextModel.CHECKPOINT_PREFIX.length());
      Matcher m = LDM_TEXT_LAYER.matcher(path);
      return m.matches() && below(m.group(1), textLayers)
          ? Optional.of(TEXT_ENCODER_PREFIX + path.replace('.', '_'))
          : Optional.empty();
    }
    return Optional.empty();
  }

  private Optional<String> unetPath(String name) {
    Matcher m = UNET.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    String kind = m.group(1) == null ? "mid_block" : m.group(1);
    int block = m.group(2) == null ? 0 : index(m.group(2));
    if (m.group(3) != null) {
      return transformerLayer(m.group(5))
          .flatMap(layer -> attentionPath(kind, block, index(m.group(4))).map(p -> p + layer));
    }
    if (m.group(6) != null) {
      String layer = RESNET_LAYERS.get(m.group(8));
      return layer == null
          ? Optional.empty()
          : resnetPath(kind, block, index(m.group(7))).map(p -> p + layer);
    }
    return samplerPath(kind, m.group(9), block);
  }

  /** ldm path of diffusers' {@code <kind>.<block>.attentions.<i>}, ending in a dot. */
  private Optional<String> attentionPath(String kind, int block, int i) {
    return switch (kind) {
      case "down_blocks" ->
          levelExists(block) && unet.attentionLevels().get(block) && i < unet.numResBlocks()
              ? Optional.of("input_blocks." + inputIndex(block, i) + ".1.")
              : Optional.empty();
      case "up_blocks" ->
          levelExists(block)
                  && unet.attentionLevels().get(levelOfUp(block))
                  && i <= unet.numResBlocks()
              ? Optional.of("output_blocks." + outputIndex(block, i) + ".1.")
              : Optional.empty();
      default -> i == 0 ? Optional.of("middle_block.1.") : Optional.empty();
    };
  }

  private Optional<String> resnetPath(String kind, int block, int i) {
    return switch (kind) {
      case "down_blocks" ->
          levelExists(block) && i < unet.numResBlocks()
              ? Optional.of("input_blocks." + inputIndex(block, i) + ".0.")
              : Optional.empty();
      case "up_blocks" ->
          levelExists(block) && i <= unet.numResBlocks()
              ? Optional.of("output_blocks." + outputIndex(block, i) + ".0.")
              : Optional.empty();
      default -> i <= 1 ? Optional.of("middle_block." + 2 * i + ".") : Optional.empty();
    };
  }

  /**
   * Every level but the last (deepest) ends in a downsampler; every up level but the last in an
   * upsampler.
   */
  private Optional<String> samplerPath(String kind, String sampler, int block) {
    int last = unet.channelMult().size() - 1;
    if (kind.equals("down_blocks") && sampler.equals("downsamplers") && block < last) {
      return Optional.of("input_blocks." + (perLevel() * (block + 1)) + ".0.op");
    }
    if (kind.equals("up_blocks") && sampler.equals("upsamplers") && block < last) {
      int child = unet.attentionLevels().get(levelOfUp(block)) ? 2 : 1;
      return Optional.of(
          "output_blocks." + outputIndex(block, unet.numResBlocks()) + "." + child + ".conv");
    }
    return Optional.empty();
  }

  /** The diffusers path (dots) of an ldm UNet module path. */
  private Optional<String> unetName(String path) {
    Matcher m = LDM_BLOCK.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    if (m.group(5) != null) {
      return middleName(index(m.group(5)), m.group(6));
    }
    boolean input = m.group(1).equals("input_blocks");
    int index = index(m.group(2));
    int child = index(m.group(3));
    String layer = m.group(4);
    return input ? inputName(index, child, layer) : outputName(index, child, layer);
  }

  private Optional<String> middleName(int child, String layer) {
    if (child == 1) {
      return ldmTransformerLayer(layer)
          ? Optional.of("mid_block.attentions.0." + layer)
          : Optional.empty();
    }
    return child == 0 || child == 2
        ? resnetLayer(layer).map(l -> "mid_block.resnets." + child / 2 + "." + l)
        : Optional.empty();
  }

  private Optional<String> inputName(int index, int child, String layer) {
    if (index == 0) {
      return Optional.empty(); // conv_in belongs to no kohya target
    }
    int level = (index - 1) / perLevel();
    int i = (index - 1) % perLevel();
    if (level >= unet.channelMult().size()) {
      return Optional.empty();
    }
    String block = "down_blocks." + level + ".";
    if (i == unet.numResBlocks()) { // the level's downsampler
      return level < unet.channelMult().size() - 1 && child == 0 && layer.equals("op")
          ? Optional.of(block + "downsamplers.0.conv")
          : Optional.empty();
    }
    if (child == 0) {
      return resnetLayer(layer).map(l -> block + "resnets." + i + "." + l);
    }
    return child == 1 && unet.attentionLevels().get(level) && ldmTransformerLayer(layer)
        ? Optional.of(block + "attentions." + i + "." + layer)
        : Optional.empty();
  }

  private Optional<String> outputName(int index, int child, String layer) {
    int upBlock = index / perLevel();
    int i = index % perLevel();
    if (upBlock >= unet.channelMult().size()) {
      return Optional.empty();
    }
    String block = "up_blocks." + upBlock + ".";
    boolean attention = unet.attentionLevels().get(levelOfUp(upBlock));
    if (child == 0) {
      return resnetLayer(layer).map(l -> block + "resnets." + i + "." + l);
    }
    if (child == 1 && attention) {
      return ldmTransformerLayer(layer)
          ? Optional.of(block + "attentions." + i + "." + layer)
          : Optional.empty();
    }
    boolean upsampler =
        child == (attention ? 2 : 1)
            && i == unet.numResBlocks()
            && upBlock < unet.channelMult().size() - 1
            && layer.equals("conv");
    return upsampler ? Optional.of(block + "upsamplers.0.conv") : Optional.empty();
  }

  /** ldm path of a transformer's layer from its kohya form; kohya keeps diffusers' names here. */
  private Optional<String> transformerLayer(String kohya) {
    Matcher m = TRANSFORMER_LAYER.matcher(kohya);
    if (!m.matches()) {
      return Optional.empty();
    }
    if (m.group(1) == null) {
      return Optional.of(kohya); // proj_in, proj_out
    }
    if (!below(m.group(1), unet.transformerDepth())) {
      return Optional.empty();
    }
    String layer =
        m.group(3) != null
            ? m.group(3) + "." + m.group(4).replace("to_out_0", "to_out.0")
            : m.group(2).replace('_', '.'); // ff_net_0_proj, ff_net_2
    return Optional.of("transformer_blocks." + m.group(1) + "." + layer);
  }

  private boolean ldmTransformerLayer(String layer) {
    Matcher m = LDM_TRANSFORMER_LAYER.matcher(layer);
    return m.matches() && (m.group(1) == null || below(m.group(1), unet.transformerDepth()));
  }

  private static Optional<String> resnetLayer(String ldmLayer) {
    return RESNET_LAYERS.entrySet().stream()
        .filter(e -> e.getValue().equals(ldmLayer))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /**
   * ldm list entries per level: its ResBlocks, then a downsampler (or, going up, one more
   * ResBlock).
   */
  private int perLevel() {
    return unet.numResBlocks() + 1;
  }

  private int inputIndex(int level, int i) {
    return perLevel() * level + i + 1;
  }

  private int outputIndex(int upBlock, int i) {
    return perLevel() * upBlock + i;
  }

  private int levelOfUp(int upBlock) {
    return unet.channelMult().size() - 1 - upBlock;
  }

  private boolean levelExists(int block) {
    return block < unet.channelMult().size();
  }

  private static int index(String digits) {
    return Integer.parseInt(digits);
  }

  private static boolean below(String digits, int limit) {
    return index(digits) < limit;
  }
}
