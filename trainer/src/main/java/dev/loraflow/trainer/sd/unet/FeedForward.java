package dev.loraflow.trainer.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import dev.loraflow.trainer.nn.Container;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Module;

/**
 * The transformer's GEGLU feed-forward: {@code net.2(h * gelu(gate))}, [h, gate] = {@code
 * net.0.proj(x)}.
 */
public final class FeedForward extends Module {

  private final Linear proj;
  private final Linear out;

  public FeedForward(long dim) {
    long inner = dim * 4;
    Container net = child("net", new Container());
    proj = net.add("0", new Container()).add("proj", new Linear(dim, inner * 2, true));
    out = net.add("2", new Linear(inner, dim, true));
  }

  public NDArray forward(NDArray x) {
    NDArray projected = proj.forward(x);
    NDList halves = projected.split(2, projected.getShape().dimension() - 1);
    return out.forward(halves.get(0).mul(Activation.gelu(halves.get(1))));
  }
}
