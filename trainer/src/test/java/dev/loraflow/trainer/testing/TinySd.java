package dev.loraflow.trainer.testing;

import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.sd.ClipTextConfig;
import dev.loraflow.trainer.sd.ClipTextModel;
import dev.loraflow.trainer.sd.UNetConfig;
import dev.loraflow.trainer.sd.VaeConfig;
import dev.loraflow.trainer.sd.unet.UNetModel;
import dev.loraflow.trainer.sd.vae.AutoencoderKL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** A tiny SD 1.x checkpoint in the ldm key layout, with the reference formula's weights. */
public final class TinySd {

  private TinySd() {}

  public static UNetConfig unetConfig() {
    return new UNetConfig(4, 4, 32, List.of(1, 2), 1, List.of(true, false), 8, 32, 1, 32);
  }

  public static ClipTextConfig clipConfig() {
    return new ClipTextConfig(49408, 32, 77, 2, 1, 64);
  }

  public static VaeConfig vaeConfig() {
    return new VaeConfig(3, 3, 32, List.of(1, 2), 1, 4, 4, 32);
  }

  /** Every weight of the three tiny models, plus position_ids as int64 0..76. */
  public static InMemoryTensors checkpoint() {
    InMemoryTensors store = new InMemoryTensors();
    addWeights(store, UNetModel.CHECKPOINT_PREFIX, new UNetModel(unetConfig()));
    addWeights(store, ClipTextModel.CHECKPOINT_PREFIX, new ClipTextModel(clipConfig()));
    store.put(positionIds(Dtype.I64));
    addWeights(store, AutoencoderKL.CHECKPOINT_PREFIX, new AutoencoderKL(vaeConfig()));
    return store;
  }

  public static TensorData positionIds(Dtype dtype) {
    String name = ClipTextModel.CHECKPOINT_PREFIX + "text_model.embeddings.position_ids";
    ByteBuffer bytes = ByteBuffer.allocate(77 * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 77; i++) {
      if (dtype == Dtype.I64) {
        bytes.putLong(i);
      } else {
        bytes.putFloat(i);
      }
    }
    return new TensorData(new TensorInfo(name, dtype, new long[] {1, 77}), bytes.flip());
  }

  /**
   * A copy of {@code store} without the tensors whose names pass {@code drop}, plus {@code extra}.
   */
  public static InMemoryTensors variant(
      InMemoryTensors store, java.util.function.Predicate<String> drop, TensorData... extra) {
    InMemoryTensors copy = new InMemoryTensors();
    for (TensorInfo info : store.tensors()) {
      if (!drop.test(info.name())) {
        copy.put(store.read(info.name()));
      }
    }
    for (TensorData data : extra) {
      copy.put(data);
    }
    return copy;
  }

  private static void addWeights(InMemoryTensors store, String prefix, Module model) {
    model
        .weightsByPath()
        .forEach(
            (path, weight) -> {
              String name = prefix + path;
              long[] shape = weight.shape().getShape();
              store.put(TensorData.ofFloats(name, shape, FormulaCheckpoint.weights(name, shape)));
            });
  }
}
