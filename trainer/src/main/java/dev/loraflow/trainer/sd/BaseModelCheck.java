package dev.loraflow.trainer.sd;

import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.sd.unet.UNetModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells an SD 1.x checkpoint from what users mistake for one (SDXL, SD 2.x, a LoRA, a diffusers
 * folder's single component) by its key names, so a wrong file fails at once with what it looks
 * like instead of a list of missing weights.
 */
public final class BaseModelCheck {

  private BaseModelCheck() {}

  /** Throws an IOException naming {@code file} and what it seems to be, unless it is SD 1.x. */
  public static void requireSd1(TensorStore store, Path file) throws IOException {
    String looksLike = looksLike(store);
    if (looksLike != null) {
      throw new IOException(file + " is not an SD 1.x checkpoint: it looks like " + looksLike);
    }
  }

  /** What the checkpoint looks like when it is not SD 1.x; null when it is. */
  static String looksLike(TensorStore store) {
    List<String> names = store.tensors().stream().map(TensorInfo::name).toList();
    if (any(names, "conditioner.embedders.")) {
      return "SDXL (two text encoders under conditioner.embedders); this trainer trains SD 1.x";
    }
    if (any(names, "cond_stage_model.model.")) {
      return "SD 2.x (OpenCLIP text encoder; the 768 px models predict v, not noise); this"
          + " trainer trains SD 1.x";
    }
    if (any(names, "lora_unet_") || any(names, "lora_te")) {
      return "a LoRA file, not a base model";
    }
    if (any(names, UNetModel.CHECKPOINT_PREFIX + "double_blocks.")
        || any(names, "double_blocks.")) {
      return "a FLUX model; this trainer trains SD 1.x";
    }
    if (any(names, UNetModel.CHECKPOINT_PREFIX + "joint_blocks.")) {
      return "an SD 3 model; this trainer trains SD 1.x";
    }
    if (any(names, "down_blocks.") && !any(names, UNetModel.CHECKPOINT_PREFIX)) {
      return "a diffusers-layout model (down_blocks...); give the single-file .safetensors or"
          + " .ckpt (ldm layout, model.diffusion_model...)";
    }
    if (!any(names, UNetModel.CHECKPOINT_PREFIX)
        || !any(names, ClipTextModel.CHECKPOINT_PREFIX)
        || !any(names, "first_stage_model.")) {
      return "no full SD 1.x model: a checkpoint needs model.diffusion_model (UNet),"
          + " cond_stage_model.transformer (CLIP) and first_stage_model (VAE) keys";
    }
    return null;
  }

  private static boolean any(List<String> names, String prefix) {
    return names.stream().anyMatch(n -> n.startsWith(prefix));
  }
}
