package dev.loraflow.trainer.sd.vae;

import ai.djl.ndarray.NDArray;
import dev.loraflow.trainer.nn.Activations;
import dev.loraflow.trainer.nn.Conv2d;
import dev.loraflow.trainer.nn.GroupNorm;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.Scopes;

/**
 * The autoencoder's ResnetBlock: two GroupNorm-SiLU-conv stages, 1x1 conv shortcut on width change.
 */
public final class VaeResnetBlock extends Module {

  private final GroupNorm norm1;
  private final Conv2d conv1;
  private final GroupNorm norm2;
  private final Conv2d conv2;
  private final Conv2d ninShortcut;

  public VaeResnetBlock(long in, long out, int groups) {
    norm1 = child("norm1", new GroupNorm(groups, in, 1e-6f));
    conv1 = child("conv1", Conv2d.same(in, out, 3));
    norm2 = child("norm2", new GroupNorm(groups, out, 1e-6f));
    conv2 = child("conv2", Conv2d.same(out, out, 3));
    ninShortcut = in == out ? null : child("nin_shortcut", Conv2d.same(in, out, 1));
  }

  public NDArray forward(NDArray x) {
    return Scopes.keepResult(
        () -> {
          NDArray h = conv1.forward(Activations.silu(norm1.forward(x)));
          h = conv2.forward(Activations.silu(norm2.forward(h)));
          return (ninShortcut == null ? x : ninShortcut.forward(x)).add(h);
        });
  }
}
