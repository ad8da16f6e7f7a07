package dev.loraflow.transforms.tagging.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import dev.loraflow.transforms.image.ByteImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded tagger model: an ONNX Runtime session and its labels, checked against each other.
 *
 * <p>The signature is WD14's: one float input {@code [batch, size, size, 3]} (BGR, 0..255) and one
 * output {@code [batch, labels]} of sigmoid probabilities; or, for a {@link
 * ModelFormat#TAG_MAPPING} model, input {@code [batch, 3, size, size]} and logits, which {@link
 * #run} turns into probabilities. The input size is read from the model (448 for the v2 and v3
 * families). A fixed batch dimension (some v2 exports are fixed to 1) wins over the requested batch
 * size, as in kohya's script. {@link #run} may be called from several threads at once, as ONNX
 * Runtime allows on one session.
 */
public final class Wd14Model implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Wd14Model.class);

  private final OrtSession session;
  private final ModelFormat format;
  private final String inputName;
  private final int inputSize;
  private final int batchSize;
  private final boolean fixedBatch;
  private final List<Label> labels;
  private final boolean onGpu;
  private final ThreadLocal<FloatBuffer> batch = ThreadLocal.withInitial(this::newBatchBuffer);

  private Wd14Model(
      OrtSession session,
      ModelFormat format,
      String inputName,
      int inputSize,
      int batchSize,
      boolean fixedBatch,
      List<Label> labels,
      boolean onGpu) {
    this.session = session;
    this.format = format;
    this.inputName = inputName;
    this.inputSize = inputSize;
    this.batchSize = batchSize;
    this.fixedBatch = fixedBatch;
    this.labels = labels;
    this.onGpu = onGpu;
  }

  /** Opens the model; IOException with a message naming the file and what is wrong. */
  public static Wd14Model load(ModelFiles files, InferenceSettings settings) throws IOException {
    return load(files, settings, OptLevel.ALL_OPT);
  }

  private static Wd14Model load(ModelFiles files, InferenceSettings settings, OptLevel level)
      throws IOException {
    if (!Files.isRegularFile(files.onnx())) {
      throw new IOException("WD14 model file not found: " + files.onnx());
    }
    List<Label> labels = files.format().readLabels(files.labels());
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      boolean onGpu = configure(options, settings, level);
      OrtSession session =
          OrtEnvironment.getEnvironment().createSession(files.onnx().toString(), options);
      try {
        return checked(session, files, labels, settings.batchSize(), onGpu);
      } catch (IOException | RuntimeException e) {
        closeQuietlyAfter(session, e);
        throw e;
      }
    } catch (OrtException e) {
      throw new IOException(
          "Cannot load WD14 model " + files.onnx() + " (corrupt or not ONNX?): " + e.getMessage(),
          e);
    }
  }

  /**
   * Opens the model with one thread and closes it: the checks of {@link #load}, early. Without
   * graph optimizations, which only the sessions that run need: it reads the signature alone.
   */
  public static void verify(ModelFiles files, int batchSize) throws IOException {
    InferenceSettings probe = InferenceSettings.of(batchSize, 1, 1, ExecutionProvider.CPU);
    Wd14Model model = load(files, probe, OptLevel.NO_OPT);
    try {
      model.close();
    } catch (OrtException e) {
      throw new IOException("Cannot close WD14 model " + files.onnx(), e);
    }
  }

  public int inputSize() {
    return inputSize;
  }

  public ModelFormat format() {
    return format;
  }

  /** How many images one {@link #run} takes at most. */
  public int batchSize() {
    return batchSize;
  }

  public List<Label> labels() {
    return labels;
  }

  /** Whether the session runs on the GPU: CUDA was asked for and could be set up. */
  public boolean runsOnGpu() {
    return onGpu;
  }

  /**
   * Probabilities for each input, an image of {@link #inputSize()} squared from {@link
   * dev.loraflow.transforms.image.WhiteSquare#prepare}; at most {@link #batchSize()} inputs.
   */
  public float[][] run(List<ByteImage> inputs) throws OrtException {
    if (inputs.isEmpty() || inputs.size() > batchSize) {
      throw new IllegalArgumentException(
          "Expected 1 to " + batchSize + " inputs, got " + inputs.size());
    }
    int rows = fixedBatch ? batchSize : inputs.size();
    int perImage = inputSize * inputSize * 3;
    FloatBuffer buffer = batch.get();
    buffer.clear();
    for (ByteImage input : inputs) {
      if (input.width() != inputSize || input.height() != inputSize) {
        throw new IllegalArgumentException(
            "Expected "
                + inputSize
                + "x"
                + inputSize
                + " inputs, got "
                + input.width()
                + "x"
                + input.height());
      }
      ModelInput.write(input, format, buffer);
    }
    // Rows a fixed batch has beyond the inputs keep older data; their scores are dropped below.
    buffer.position(0).limit(rows * perImage);
    long[] shape =
        format.channelsFirst()
            ? new long[] {rows, 3, inputSize, inputSize}
            : new long[] {rows, inputSize, inputSize, 3};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      float[][] scores = Arrays.copyOf((float[][]) result.get(0).getValue(), inputs.size());
      if (format.channelsFirst()) {
        sigmoidInPlace(scores);
      }
      return scores;
    }
  }

  /** kohya's {@code 1 / (1 + exp(-x))} over the logits of a tag_mapping model. */
  private static void sigmoidInPlace(float[][] logits) {
    for (float[] row : logits) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) (1 / (1 + Math.exp(-row[i])));
      }
    }
  }

  /** One direct buffer per calling thread, reused: ONNX Runtime reads it in place, uncopied. */
  private FloatBuffer newBatchBuffer() {
    int floats = batchSize * inputSize * inputSize * 3;
    return ByteBuffer.allocateDirect(floats * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }

  /** Sets {@code options} up for {@code settings}; true if the model is to run on the GPU. */
  private static boolean configure(
      OrtSession.SessionOptions options, InferenceSettings settings, OptLevel level)
      throws OrtException {
    options.setOptimizationLevel(level);
    // Idle ONNX Runtime threads would spin and take the cores the next batch's decoding needs.
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    if (settings.intraOpThreads() > 0) {
      options.setIntraOpNumThreads(settings.intraOpThreads());
    }
    return settings.provider() == ExecutionProvider.CUDA && addCudaOrWarn(options);
  }

  private static boolean addCudaOrWarn(OrtSession.SessionOptions options) {
    try {
      options.addCUDA(0);
      return true;
    } catch (OrtException e) {
      LOG.warn("CUDA execution provider unavailable ({}); WD14 runs on the CPU", e.getMessage());
      return false;
    }
  }

  private static Wd14Model checked(
      OrtSession session, ModelFiles files, List<Label> labels, int requestedBatch, boolean onGpu)
      throws IOException {
    try {
      String inputName = session.getInputNames().iterator().next();
      long[] input = tensorShape(session.getInputInfo().get(inputName), files, "input");
      ModelFormat format = files.format();
      int channelAxis = format.channelsFirst() ? 1 : 3;
      int heightAxis = format.channelsFirst() ? 2 : 1;
      int widthAxis = format.channelsFirst() ? 3 : 2;
      if (input.length != 4
          || input[channelAxis] != 3
          || input[heightAxis] <= 0
          || input[heightAxis] != input[widthAxis]) {
        throw new IOException(
            "WD14 model "
                + files.onnx()
                + " has input "
                + Arrays.toString(input)
                + (format.channelsFirst()
                    ? "; expected NCHW [batch, 3, size, size], as tag_mapping.json models have"
                    : "; expected NHWC [batch, size, size, 3] (BGR), as WD14 v2/v3 models have"));
      }
      NodeInfo outputInfo = session.getOutputInfo().values().iterator().next();
      long[] output = tensorShape(outputInfo, files, "output");
      // kohya skips outputs a tag_mapping.json leaves out, so such a model may have more outputs.
      boolean matches =
          output.length == 2
              && (format.channelsFirst() ? output[1] >= labels.size() : output[1] == labels.size());
      if (!matches) {
        throw new IOException(
            "WD14 model "
                + files.onnx()
                + " outputs "
                + Arrays.toString(output)
                + " but "
                + files.labels()
                + " has "
                + labels.size()
                + " labels: the label file does not belong to this model");
      }
      boolean fixed = input[0] > 0;
      int batch = fixed ? (int) input[0] : requestedBatch;
      if (fixed && input[0] != requestedBatch) {
        LOG.warn("WD14 model {} has a fixed batch of {}; using it", files.onnx(), input[0]);
      }
      return new Wd14Model(
          session, format, inputName, (int) input[heightAxis], batch, fixed, labels, onGpu);
    } catch (OrtException e) {
      throw new IOException("Cannot read the signature of " + files.onnx(), e);
    }
  }

  private static long[] tensorShape(NodeInfo info, ModelFiles files, String what)
      throws IOException {
    if (!(info.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
      throw new IOException(
          "WD14 model " + files.onnx() + ": the " + what + " is not a float tensor: " + info);
    }
    return tensor.getShape();
  }

  private static void closeQuietlyAfter(OrtSession session, Exception cause) {
    try {
      session.close();
    } catch (OrtException e) {
      cause.addSuppressed(e);
    }
  }
}
