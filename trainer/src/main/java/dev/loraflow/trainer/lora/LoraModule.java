package dev.loraflow.trainer.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.nn.Adapter;
import dev.loraflow.trainer.nn.Casts;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.Scalars;
import dev.loraflow.trainer.nn.Weight;
import java.util.SplittableRandom;

/**
 * One kohya LoRA on a linear or conv layer: {@code delta = up(down(x)) * multiplier * alpha /
 * rank}, weights {@code lora_down.weight}, {@code lora_up.weight} and the 0-d {@code alpha}. On a
 * conv layer down is a conv with the layer's kernel, stride and padding and up a 1x1 conv, so the
 * delta lines up with the layer's output. Its weights stay float32 while the frozen layer may run
 * in float16: the input is cast up and the delta back down (casts that keep the graph).
 */
public final class LoraModule extends Module implements Adapter {

  private final Weight down;
  private final Weight up;
  private final Weight alpha;
  private final int rank;
  private final float alphaValue;
  private final boolean conv;
  private final int stride;
  private final int padding;
  private float multiplier = 1f;

  private LoraModule(
      long[] downShape,
      long[] upShape,
      int rank,
      float alpha,
      boolean conv,
      int stride,
      int padding) {
    this.down = child("lora_down", new Projection(downShape)).weight;
    this.up = child("lora_up", new Projection(upShape)).weight;
    this.alpha = weight("alpha");
    this.rank = rank;
    this.alphaValue = alpha;
    this.conv = conv;
    this.stride = stride;
    this.padding = padding;
  }

  /**
   * An uninitialised LoRA of {@code rank} for {@code layer}, a {@link Linear} or {@link Conv2d}.
   */
  static LoraModule forLayer(Module layer, int rank, float alpha) {
    if (layer instanceof Linear linear) {
      return new LoraModule(
          new long[] {rank, linear.inFeatures()},
          new long[] {linear.outFeatures(), rank},
          rank,
          alpha,
          false,
          1,
          0);
    }
    if (layer instanceof Conv2d c) {
      long k = c.kernelSize();
      return new LoraModule(
          new long[] {rank, c.inChannels(), k, k},
          new long[] {c.outChannels(), rank, 1, 1},
          rank,
          alpha,
          true,
          c.stride(),
          c.padding());
    }
    throw new IllegalArgumentException(
        "a LoRA needs a Linear or Conv2d layer, got " + layer.getClass().getSimpleName());
  }

  public int rank() {
    return rank;
  }

  public float alpha() {
    return alphaValue;
  }

  /** Whether this LoRA sits on a convolution (4-d weights) rather than a linear layer. */
  public boolean isConv() {
    return conv;
  }

  @Override
  public NDArray delta(NDArray input) {
    NDArray x = Casts.to(input, down.array().getDataType());
    NDArray h;
    if (conv) {
      h = conv2d(conv2d(x, down.array(), stride, padding), up.array(), 1, 0);
    } else {
      h = linear(linear(x, down.array()), up.array());
    }
    // a native scalar: autograd keeps it for backward (see Scalars)
    return Casts.to(h.mul(Scalars.like(h, multiplier * alphaValue / rank)), input.getDataType());
  }

  /**
   * kohya's max-norm regularisation ({@code scale_weight_norms}) of this module: when the Frobenius
   * norm of its weight delta, {@code alpha / rank * up * down} (a conv's kernel positions side by
   * side), exceeds {@code maxNorm}, up and down are both scaled in place by {@code sqrt(maxNorm /
   * norm)}, so the delta's norm becomes {@code maxNorm}. Returns the delta's norm afterwards.
   */
  public double limitNorm(double maxNorm) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray upMatrix = up.array().reshape(up.shape().get(0), rank);
      NDArray downMatrix = down.array().reshape(rank, -1);
      double norm =
          upMatrix.matMul(downMatrix).square().sum().sqrt().getFloat()
              * Math.abs(alphaValue / rank);
      if (!(norm > maxNorm)) {
        return norm;
      }
      float factor = (float) Math.sqrt(maxNorm / norm);
      up.array().muli(factor);
      down.array().muli(factor);
      return maxNorm;
    }
  }

  void setMultiplier(float multiplier) {
    this.multiplier = multiplier;
  }

  /**
   * kohya's initialisation: down kaiming-uniform with a = sqrt(5), i.e. uniform in
   * +-1/sqrt(fan_in), up zero (so a new LoRA changes nothing), both trainable float32.
   */
  void initialise(NDManager manager, SplittableRandom random) {
    long[] shape = down.shape().getShape();
    long fanIn = down.shape().size() / shape[0];
    double bound = 1 / Math.sqrt(fanIn);
    float[] values = new float[Math.toIntExact(down.shape().size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    down.setTrainable(true);
    up.setTrainable(true);
    down.set(manager.create(values, down.shape()));
    up.set(manager.zeros(up.shape(), DataType.FLOAT32));
    alpha.set(manager.create(alphaValue));
  }

  /** Sets the weights (float32, in {@code manager}) from stored values; shapes are checked. */
  void load(NDManager manager, float[] downValues, float[] upValues, boolean trainable) {
    down.setTrainable(trainable);
    up.setTrainable(trainable);
    down.set(manager.create(downValues, down.shape()));
    up.set(manager.create(upValues, up.shape()));
    alpha.set(manager.create(alphaValue));
  }

  private static NDArray linear(NDArray x, NDArray weight) {
    return ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow();
  }

  private static NDArray conv2d(NDArray x, NDArray weight, int stride, int padding) {
    return ai.djl.nn.convolutional.Conv2d.conv2d(
            x,
            weight,
            null,
            new Shape(stride, stride),
            new Shape(padding, padding),
            new Shape(1, 1),
            1)
        .singletonOrThrow();
  }

  /** {@code lora_down} / {@code lora_up}: a layer holding just its {@code weight}. */
  private static final class Projection extends Module {
    final Weight weight;

    Projection(long[] shape) {
      weight = weight("weight", shape);
    }
  }
}
