package dev.loraflow.trainer.sd;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.io.RenamedTensors;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.sd.vae.AutoencoderKL;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The three models of an SD 1.x checkpoint in the ldm key layout, loaded together. Besides the
 * three component prefixes, such files carry EMA copies ({@code model_ema.*}) and the DDPM schedule
 * buffers ({@code betas}, {@code alphas_cumprod}, ...): those are reported as ignored; anything
 * else as unexpected.
 */
public record StableDiffusion(
    UNetModel unet, ClipTextModel textEncoder, AutoencoderKL vae, LoadReport report) {

  private static final String OLD_CLIP_PREFIX = "cond_stage_model.transformer.";
  private static final String CLIP_TEXT_PREFIX = OLD_CLIP_PREFIX + "text_model.";

  /**
   * Loads all three models; fails, naming the keys, if the checkpoint lacks any weight they need.
   */
  public static StableDiffusion load(TensorStore checkpoint, NDManager manager) throws IOException {
    TensorStore store = new RenamedTensors(checkpoint, StableDiffusion::withTextModelPrefix);
    StableDiffusionLoader.Loaded<UNetModel> unet = StableDiffusionLoader.unet(store, manager);
    StableDiffusionLoader.Loaded<ClipTextModel> clip =
        StableDiffusionLoader.textEncoder(store, manager);
    StableDiffusionLoader.Loaded<AutoencoderKL> vae = StableDiffusionLoader.vae(store, manager);
    LoadReport report =
        unet.report().plus(clip.report()).plus(vae.report()).plus(outsideComponents(store));
    if (!report.isComplete()) {
      throw new IOException("checkpoint lacks weights the model needs: " + report.summary());
    }
    return new StableDiffusion(unet.model(), clip.model(), vae.model(), report);
  }

  /**
   * Older transformers versions saved CLIP without the {@code text_model.} level ({@code
   * cond_stage_model.transformer.encoder...}); such keys are moved under it.
   */
  static String withTextModelPrefix(String key) {
    if (key.startsWith(OLD_CLIP_PREFIX) && !key.startsWith(CLIP_TEXT_PREFIX)) {
      return CLIP_TEXT_PREFIX + key.substring(OLD_CLIP_PREFIX.length());
    }
    return key;
  }

  private static LoadReport outsideComponents(TensorStore store) {
    List<String> ignored = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    for (TensorInfo info : store.tensors()) {
      String name = info.name();
      if (name.startsWith(UNetModel.CHECKPOINT_PREFIX)
          || name.startsWith(OLD_CLIP_PREFIX)
          || name.startsWith(AutoencoderKL.CHECKPOINT_PREFIX)) {
        continue;
      }
      // EMA weights and the schedule buffers (top-level names without a dot) are not model weights
      (name.startsWith("model_ema.") || !name.contains(".") ? ignored : unexpected).add(name);
    }
    return new LoadReport(0, List.of(), unexpected, ignored);
  }
}
