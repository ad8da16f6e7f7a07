package dev.loraflow.trainer.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.loraflow.trainer.nn.Attention;
import dev.loraflow.trainer.nn.Casts;
import dev.loraflow.trainer.nn.LayerNorm;
import dev.loraflow.trainer.nn.Linear;
import dev.loraflow.trainer.nn.Module;
import dev.loraflow.trainer.nn.ModuleList;
import dev.loraflow.trainer.nn.Scalars;
import dev.loraflow.trainer.nn.Scopes;
import dev.loraflow.trainer.nn.Weight;

/**
 * The CLIP text encoder of SD 1.x (OpenAI ViT-L/14 text tower, Hugging Face names under {@code
 * cond_stage_model.transformer.}): token + position embeddings, pre-norm transformer layers with a
 * causal mask and quick_gelu, and a final layer norm.
 */
public final class ClipTextModel extends Module {

  public static final String CHECKPOINT_PREFIX = "cond_stage_model.transformer.";

  private final ClipTextConfig config;
  private final TextTransformer textModel;

  public ClipTextModel(ClipTextConfig config) {
    this.config = config;
    this.textModel = child("text_model", new TextTransformer(config));
  }

  public ClipTextConfig config() {
    return config;
  }

  /**
   * Hidden states for int64 token ids [B, T]: {@code final_layer_norm(hidden_states[-clipSkip])},
   * so 1 is the last layer and 2 the layer before (the anime/NovelAI convention).
   */
  public NDArray forward(NDArray tokens, int clipSkip) {
    if (clipSkip < 1 || clipSkip > config.layers()) {
      throw new IllegalArgumentException(
          "clipSkip must be in 1.." + config.layers() + ", got " + clipSkip);
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray out =
          Casts.to(textModel.forward(tokens, config.layers() - clipSkip + 1), DataType.FLOAT32);
      NDScope.unregister(out);
      out.attach(tokens.getManager());
      return out;
    }
  }

  /**
   * Hidden states for prompts longer than 75 tokens, split by {@link ClipTokenizer#encodeWindows}
   * into windows [B, N, 77]: each window is encoded on its own, then, as kohya does for SD 1.x,
   * joined as the first window's BOS state, every window's 75 token states, and the last window's
   * final state, giving [B, 75N + 2, width].
   */
  public NDArray forwardWindows(NDArray windows, int clipSkip) {
    long batch = windows.getShape().get(0);
    long count = windows.getShape().get(1);
    long length = windows.getShape().get(2);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray states =
          forward(windows.reshape(batch * count, length), clipSkip)
              .reshape(batch, count * length, -1);
      NDList pieces = new NDList(states.get(":, 0:1"));
      for (long w = 0; w < count; w++) {
        long first = w * length + 1;
        pieces.add(states.get(":, " + first + ":" + (first + length - 2)));
      }
      pieces.add(states.get(":, -1:"));
      NDArray joined = NDArrays.concat(pieces, 1);
      NDScope.unregister(joined);
      joined.attach(windows.getManager());
      return joined;
    }
  }

  static final class TextTransformer extends Module {
    private final Embeddings embeddings;
    private final ModuleList<EncoderLayer> layers;
    private final LayerNorm finalLayerNorm;

    TextTransformer(ClipTextConfig config) {
      embeddings = child("embeddings", new Embeddings(config));
      layers = child("encoder", new Encoder()).layers;
      for (int i = 0; i < config.layers(); i++) {
        layers.add(new EncoderLayer(config));
      }
      finalLayerNorm = child("final_layer_norm", new LayerNorm(config.width(), 1e-5f));
    }

    /** Runs the first {@code layerCount} layers, then the final layer norm. */
    NDArray forward(NDArray tokens, int layerCount) {
      NDArray x = embeddings.forward(tokens);
      NDArray mask = causalMask(x.getManager(), x.getShape().get(1)).toType(x.getDataType(), false);
      for (int i = 0; i < layerCount; i++) {
        x = layers.get(i).forward(x, mask);
      }
      return finalLayerNorm.forward(x);
    }

    /**
     * -inf above the diagonal: a token attends only to itself and the tokens before it. Built by
     * native ops, not from a Java array: the fused attention keeps the mask for backward, and an
     * array over a Java buffer can be freed by the garbage collector before then (see Scalars).
     */
    private static NDArray causalMask(NDManager manager, long tokens) {
      NDArray positions = manager.arange(0, (int) tokens, 1, DataType.INT32);
      NDArray later = positions.expandDims(0).gt(positions.expandDims(1)); // column after row
      Shape square = new Shape(tokens, tokens);
      return NDArrays.where(
              later, manager.full(square, Float.NEGATIVE_INFINITY), manager.zeros(square))
          .expandDims(0);
    }
  }

  static final class Encoder extends Module {
    final ModuleList<EncoderLayer> layers = child("layers", new ModuleList<>());
  }

  static final class Embeddings extends Module {
    private final Weight tokenEmbedding;
    private final Weight positionEmbedding;

    Embeddings(ClipTextConfig config) {
      tokenEmbedding =
          child("token_embedding", new Table(config.vocabSize(), config.width())).weight;
      positionEmbedding =
          child("position_embedding", new Table(config.contextLength(), config.width())).weight;
    }

    NDArray forward(NDArray tokens) {
      long length = tokens.getShape().get(1);
      NDArray ids = tokens.toType(DataType.INT64, false);
      NDArray positions = positionEmbedding.array().get("0:" + length);
      return tokenEmbedding.array().get(ids).add(positions);
    }
  }

  /** An embedding table: one row per id. */
  static final class Table extends Module {
    final Weight weight;

    Table(long rows, long width) {
      weight = weight("weight", rows, width);
    }
  }

  static final class EncoderLayer extends Module {
    private final int heads;
    private final LayerNorm layerNorm1;
    private final SelfAttention selfAttn;
    private final LayerNorm layerNorm2;
    private final Mlp mlp;

    EncoderLayer(ClipTextConfig config) {
      heads = config.heads();
      selfAttn = child("self_attn", new SelfAttention(config.width()));
      layerNorm1 = child("layer_norm1", new LayerNorm(config.width(), 1e-5f));
      mlp = child("mlp", new Mlp(config.width(), config.intermediateSize()));
      layerNorm2 = child("layer_norm2", new LayerNorm(config.width(), 1e-5f));
    }

    NDArray forward(NDArray x, NDArray mask) {
      return Scopes.keepResult(
          () -> {
            NDArray attended =
                x.add(
                    selfAttn.forward(
                        layerNorm1.forward(x), heads, mask)); // pre-norm attention + residual
            return attended.add(
                mlp.forward(layerNorm2.forward(attended))); // pre-norm MLP + residual
          });
    }
  }

  static final class SelfAttention extends Module {
    private final Linear kProj;
    private final Linear vProj;
    private final Linear qProj;
    private final Linear outProj;

    SelfAttention(long width) {
      kProj = child("k_proj", new Linear(width, width, true));
      vProj = child("v_proj", new Linear(width, width, true));
      qProj = child("q_proj", new Linear(width, width, true));
      outProj = child("out_proj", new Linear(width, width, true));
    }

    NDArray forward(NDArray x, int heads, NDArray mask) {
      NDArray attended =
          Attention.attend(qProj.forward(x), kProj.forward(x), vProj.forward(x), heads, mask);
      return outProj.forward(attended);
    }
  }

  static final class Mlp extends Module {
    private final Linear fc1;
    private final Linear fc2;

    Mlp(long width, long hidden) {
      fc1 = child("fc1", new Linear(width, hidden, true));
      fc2 = child("fc2", new Linear(hidden, width, true));
    }

    /**
     * fc2(quick_gelu(fc1(x))), quick_gelu(h) = h * sigmoid(1.702 h) as OpenAI CLIP trained with.
     */
    NDArray forward(NDArray x) {
      NDArray h = fc1.forward(x);
      return fc2.forward(h.mul(Activation.sigmoid(h.mul(Scalars.like(h, 1.702)))));
    }
  }
}
