package dev.loraflow.transforms.tagging;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.loraflow.transforms.tagging.Wd14Labels.Label;
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
 * A loaded WD14 model: an ONNX Runtime session and its labels, checked against each other.
 *
 * <p>The signature is WD14's: one float input {@code [batch, size, size, 3]} (BGR, 0..255) and one
 * output {@code [batch, labels]} of sigmoid probabilities. The input size is read from the model
 * (448 for the v2 and v3 families). A fixed batch dimension (some v2 exports are fixed to 1) wins
 * over the requested batch size, as in kohya's script. Not thread-safe: one per worker.
 */
final class Wd14Model implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Wd14Model.class);

  private final OrtSession session;
  private final String inputName;
  private final int inputSize;
  private final int batchSize;
  private final boolean fixedBatch;
  private final List<Label> labels;
  private FloatBuffer batch;

  private Wd14Model(
      OrtSession session,
      String inputName,
      int inputSize,
      int batchSize,
      boolean fixedBatch,
      List<Label> labels) {
    this.session = session;
    this.inputName = inputName;
    this.inputSize = inputSize;
    this.batchSize = batchSize;
    this.fixedBatch = fixedBatch;
    this.labels = labels;
  }

  /** Opens the model; IOException with a message naming the file and what is wrong. */
  static Wd14Model load(ModelFiles files, InferenceSettings settings) throws IOException {
    if (!Files.isRegularFile(files.onnx())) {
      throw new IOException("WD14 model file not found: " + files.onnx());
    }
    List<Label> labels = Wd14Labels.read(files.labels());
    OrtSession session = openSession(files, settings);
    try {
      return checked(session, files, labels, settings.batchSize());
    } catch (IOException | RuntimeException e) {
      closeQuietlyAfter(session, e);
      throw e;
    }
  }

  /** Opens the model with one thread and closes it: the checks of {@link #load}, early. */
  static void verify(ModelFiles files, int batchSize) throws IOException {
    InferenceSettings probe = InferenceSettings.of(batchSize, 1, 1, ExecutionProvider.CPU);
    Wd14Model model = load(files, probe);
    try {
      model.close();
    } catch (OrtException e) {
      throw new IOException("Cannot close WD14 model " + files.onnx(), e);
    }
  }

  int inputSize() {
    return inputSize;
  }

  /** How many images one {@link #run} takes at most. */
  int batchSize() {
    return batchSize;
  }

  List<Label> labels() {
    return labels;
  }

  /**
   * Probabilities for each input ({@code size * size * 3} floats, see {@link Wd14Preprocessor}); at
   * most {@link #batchSize()} inputs.
   */
  float[][] run(List<float[]> inputs) throws OrtException {
    if (inputs.isEmpty() || inputs.size() > batchSize) {
      throw new IllegalArgumentException(
          "Expected 1 to " + batchSize + " inputs, got " + inputs.size());
    }
    int rows = fixedBatch ? batchSize : inputs.size();
    int perImage = inputSize * inputSize * 3;
    FloatBuffer buffer = batchBuffer();
    buffer.clear();
    for (float[] input : inputs) {
      buffer.put(input);
    }
    // Rows a fixed batch has beyond the inputs keep older data; their scores are dropped below.
    buffer.position(0).limit(rows * perImage);
    long[] shape = {rows, inputSize, inputSize, 3};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      float[][] scores = (float[][]) result.get(0).getValue();
      return Arrays.copyOf(scores, inputs.size());
    }
  }

  /** One direct buffer per model, reused: ONNX Runtime reads it in place, without a copy. */
  private FloatBuffer batchBuffer() {
    if (batch == null) {
      int floats = batchSize * inputSize * inputSize * 3;
      batch =
          ByteBuffer.allocateDirect(floats * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
    }
    return batch;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }

  private static OrtSession openSession(ModelFiles files, InferenceSettings settings)
      throws IOException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // Idle ONNX Runtime threads would spin and take the cores the next batch's decoding needs.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      if (settings.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(settings.intraOpThreads());
      }
      if (settings.provider() == ExecutionProvider.CUDA) {
        addCudaOrWarn(options);
      }
      return env.createSession(files.onnx().toString(), options);
    } catch (OrtException e) {
      throw new IOException(
          "Cannot load WD14 model " + files.onnx() + " (corrupt or not ONNX?): " + e.getMessage(),
          e);
    }
  }

  private static void addCudaOrWarn(OrtSession.SessionOptions options) {
    try {
      options.addCUDA(0);
    } catch (OrtException e) {
      LOG.warn("CUDA execution provider unavailable ({}); WD14 runs on the CPU", e.getMessage());
    }
  }

  private static Wd14Model checked(
      OrtSession session, ModelFiles files, List<Label> labels, int requestedBatch)
      throws IOException {
    try {
      String inputName = session.getInputNames().iterator().next();
      long[] input = tensorShape(session.getInputInfo().get(inputName), files, "input");
      if (input.length != 4 || input[3] != 3 || input[1] <= 0 || input[1] != input[2]) {
        throw new IOException(
            "WD14 model "
                + files.onnx()
                + " has input "
                + Arrays.toString(input)
                + "; expected NHWC [batch, size, size, 3] (BGR), as WD14 v2/v3 models have");
      }
      NodeInfo outputInfo = session.getOutputInfo().values().iterator().next();
      long[] output = tensorShape(outputInfo, files, "output");
      if (output.length != 2 || output[1] != labels.size()) {
        throw new IOException(
            "WD14 model "
                + files.onnx()
                + " outputs "
                + Arrays.toString(output)
                + " but "
                + files.labels()
                + " has "
                + labels.size()
                + " labels: the CSV does not belong to this model");
      }
      boolean fixed = input[0] > 0;
      int batch = fixed ? (int) input[0] : requestedBatch;
      if (fixed && input[0] != requestedBatch) {
        LOG.warn("WD14 model {} has a fixed batch of {}; using it", files.onnx(), input[0]);
      }
      return new Wd14Model(session, inputName, (int) input[1], batch, fixed, labels);
    } catch (OrtException e) {
      throw new IOException("Cannot read the signature of " + files.onnx(), e);
    }
  }

  private static long[] tensorShape(NodeInfo info, ModelFiles files, String what)
      throws IOException {
    if (!(info.getInfo() instanceof TensorInfo tensor)
        || tensor.type != OnnxJavaType.FLOAT) {
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
