package dev.loraflow.trainer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * The deterministic full-size SD 1.5 "formula" checkpoint of {@code reference/sd15/README.md},
 * regenerated tensor by tensor on demand, so the 4.27 GB never exist as a file or all at once. The
 * 12 schedule buffers are left out (they are not model weights).
 */
public final class FormulaCheckpoint implements TensorStore {

  private final List<TensorInfo> tensors;

  private FormulaCheckpoint(List<TensorInfo> tensors) {
    this.tensors = tensors;
  }

  /** The checkpoint's keys whose names pass {@code keep}, in ldm state_dict order. */
  public static FormulaCheckpoint sd15(Predicate<String> keep) throws IOException {
    JsonNode root;
    try (InputStream in =
        FormulaCheckpoint.class.getResourceAsStream("/sd15/sd15_keys_shapes.json")) {
      root = new ObjectMapper().readTree(in);
    }
    List<TensorInfo> tensors = new ArrayList<>();
    for (JsonNode node : root.get("tensors")) {
      String name = node.get("name").textValue();
      if (!name.contains(".") || !keep.test(name)) {
        continue; // schedule buffers have no dot: betas, alphas_cumprod, ...
      }
      long[] shape = new long[node.get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = node.get("shape").get(i).longValue();
      }
      Dtype dtype = node.get("dtype").textValue().equals("int64") ? Dtype.I64 : Dtype.F32;
      tensors.add(new TensorInfo(name, dtype, shape));
    }
    return new FormulaCheckpoint(List.copyOf(tensors));
  }

  @Override
  public List<TensorInfo> tensors() {
    return tensors;
  }

  @Override
  public TensorData read(String name) {
    TensorInfo info =
        tensors.stream()
            .filter(t -> t.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no tensor " + name));
    int count = Math.toIntExact(info.elementCount());
    if (info.dtype() == Dtype.I64) { // position_ids = 0..76
      ByteBuffer ids = ByteBuffer.allocate(count * 8).order(ByteOrder.LITTLE_ENDIAN);
      IntStream.range(0, count).forEach(i -> ids.putLong(i * 8, i));
      return new TensorData(info, ids);
    }
    return TensorData.ofFloats(name, info.shape(), weights(name, info.shape()));
  }

  /** The README's weight formula. */
  public static float[] weights(String name, long[] shape) {
    int count = 1;
    long fanIn = 1;
    for (int d = 0; d < shape.length; d++) {
      count = Math.multiplyExact(count, (int) shape[d]);
      if (d >= 1) {
        fanIn *= shape[d];
      }
    }
    int seed = crc32(name);
    float[] w = new float[count];
    if (shape.length >= 2) {
      double scale = Math.sqrt(3.0 / fanIn);
      IntStream.range(0, count).parallel().forEach(i -> w[i] = (float) (uniform(seed, i) * scale));
    } else if (name.endsWith(".weight")) {
      IntStream.range(0, count).forEach(i -> w[i] = (float) (1.0 + 0.2 * uniform(seed, i)));
    } else if (name.endsWith(".bias")) {
      IntStream.range(0, count).forEach(i -> w[i] = (float) (0.1 * uniform(seed, i)));
    } else {
      throw new IllegalArgumentException("no formula for 1-d tensor " + name);
    }
    return w;
  }

  /** The README's input formula: uniform in [-1, 1) with seed CRC32("input:" + tag). */
  public static float[] input(String tag, int count) {
    int seed = crc32("input:" + tag);
    float[] x = new float[count];
    IntStream.range(0, count).forEach(i -> x[i] = (float) uniform(seed, i));
    return x;
  }

  static int crc32(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  /** murmur3 fmix32 of seed + i * golden ratio, top 24 bits scaled to [-1, 1). */
  static double uniform(int seed, int i) {
    int x = seed + i * 0x9E3779B9;
    x ^= x >>> 16;
    x *= 0x85EBCA6B;
    x ^= x >>> 13;
    x *= 0xC2B2AE35;
    x ^= x >>> 16;
    return (x >>> 8) * (2.0 / 16777216.0) - 1.0;
  }
}
