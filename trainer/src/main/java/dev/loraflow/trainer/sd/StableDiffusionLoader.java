package dev.loraflow.trainer.sd;

import ai.djl.ndarray.NDManager;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.sd.vae.AutoencoderKL;
import java.io.IOException;

/**
 * Builds SD 1.x models sized from an ldm-layout checkpoint's tensor shapes and loads their weights:
 * {@code model.diffusion_model.*} (UNet), {@code cond_stage_model.transformer.*} (CLIP text) and
 * {@code first_stage_model.*} (VAE). Each method loads one component, so a test or a training run
 * that needs only the text encoder does not pay for the UNet.
 */
public final class StableDiffusionLoader {

  private StableDiffusionLoader() {}

  /** A loaded component and what loading it found. */
  public record Loaded<M>(M model, LoadReport report) {}

  public static Loaded<ClipTextModel> textEncoder(TensorStore store, NDManager manager)
      throws IOException {
    String prefix = ClipTextModel.CHECKPOINT_PREFIX;
    ClipTextModel model =
        new ClipTextModel(ClipTextConfig.fromShapes(WeightLoader.shapesUnder(store, prefix)));
    return new Loaded<>(model, WeightLoader.load(model, prefix, store, manager));
  }

  /** The UNet; SD 1.x uses 8 heads (not visible in shapes). */
  public static Loaded<UNetModel> unet(TensorStore store, NDManager manager) throws IOException {
    return unet(store, manager, 8);
  }

  public static Loaded<UNetModel> unet(TensorStore store, NDManager manager, int numHeads)
      throws IOException {
    String prefix = UNetModel.CHECKPOINT_PREFIX;
    UNetModel model =
        new UNetModel(UNetConfig.fromShapes(WeightLoader.shapesUnder(store, prefix), numHeads));
    return new Loaded<>(model, WeightLoader.load(model, prefix, store, manager));
  }

  public static Loaded<AutoencoderKL> vae(TensorStore store, NDManager manager) throws IOException {
    String prefix = AutoencoderKL.CHECKPOINT_PREFIX;
    AutoencoderKL model =
        new AutoencoderKL(VaeConfig.fromShapes(WeightLoader.shapesUnder(store, prefix)));
    return new Loaded<>(model, WeightLoader.load(model, prefix, store, manager));
  }
}
