package dev.loraflow.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.InMemoryTensors;
import dev.loraflow.trainer.io.TensorData;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.nn.Weight;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * torch.optim.AdamW (kohya's default optimizer) over named weights in parameter groups, each group
 * with its own learning rate (kohya: UNet and text encoder). Ours rather than DJL's because DJL's
 * AdamW keeps its moments private, so a run could not be resumed.
 *
 * <p>Per step t, for every weight w with gradient g (torch's documented algorithm):
 *
 * <pre>
 *   w -= lr * weightDecay * w                      (decoupled decay)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   w -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * then every gradient is zeroed, since DJL accumulates them across backward calls.
 *
 * <p>The moments live in the {@link NDManager} given to the constructor and are taken out of any
 * open {@link NDScope}, so calling {@link #step()} inside a scope never frees them. Closing that
 * manager frees the state.
 */
public final class AdamW {

  private static final String STEP_KEY = "step";
  private static final String MEAN_PREFIX = "exp_avg/";
  private static final String VARIANCE_PREFIX = "exp_avg_sq/";

  private final NDManager stateManager;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, Moments> moments = new LinkedHashMap<>();
  private long stepCount;

  /** torch's defaults: betas 0.9 and 0.999, eps 1e-8, weight decay 0.01. */
  public AdamW(NDManager stateManager) {
    this(stateManager, 0.9, 0.999, 1e-8, 0.01);
  }

  public AdamW(NDManager stateManager, double beta1, double beta2, double eps, double weightDecay) {
    requireInRange("AdamW beta1", beta1);
    requireInRange("AdamW beta2", beta2);
    if (!(eps > 0)) {
      throw new IllegalArgumentException("AdamW eps must be > 0, got " + eps);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("AdamW weightDecay must be >= 0, got " + weightDecay);
    }
    this.stateManager = stateManager;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  /**
   * Adds a parameter group and creates zero moments for its weights. Weight names identify the
   * state on {@link #exportState()} and must be unique across groups.
   */
  public void addGroup(String group, Map<String, Weight> weights) {
    if (groups.containsKey(group)) {
      throw new IllegalArgumentException("AdamW parameter group '" + group + "' added twice");
    }
    for (String name : weights.keySet()) {
      if (moments.containsKey(name)) {
        throw new IllegalArgumentException(
            "weight '" + name + "' of AdamW group '" + group + "' is already in another group");
      }
    }
    Group added = new Group(new LinkedHashMap<>(weights));
    groups.put(group, added);
    weights.forEach((name, weight) -> moments.put(name, new Moments(zeros(weight), zeros(weight))));
  }

  /** The learning rate of {@code group} for the next steps (the scheduler's value). */
  public void setLearningRate(String group, double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate of AdamW group '"
              + group
              + "' must be finite and >= 0, got "
              + learningRate);
    }
    groupNamed(group).learningRate = learningRate;
  }

  /** Steps taken so far (torch's {@code state["step"]}); the next step uses this plus one. */
  public long stepCount() {
    return stepCount;
  }

  /** One update of every weight from its gradient, then zeroes the gradients. */
  public void step() {
    groups.forEach(
        (name, group) -> {
          if (Double.isNaN(group.learningRate)) {
            throw new IllegalStateException(
                "AdamW group '" + name + "' has no learning rate: call setLearningRate first");
          }
        });
    long t = stepCount + 1;
    double biasCorrection1 = 1 - Math.pow(beta1, t);
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    for (Group group : groups.values()) {
      double lr = group.learningRate;
      group.weights.forEach(
          (name, weight) -> {
            try (NDScope scope = new NDScope()) {
              scope.suppressNotUsedWarning();
              update(
                  name,
                  weight.array(),
                  moments.get(name),
                  lr,
                  biasCorrection1,
                  biasCorrection2Sqrt);
            }
          });
    }
    stepCount = t;
    zeroGradients();
  }

  /** Zeroes every weight's gradient without updating, e.g. for a step skipped on fp16 overflow. */
  public void zeroGradients() {
    for (Group group : groups.values()) {
      for (Weight weight : group.weights.values()) {
        // in a scope: set() makes a scalar array on the weight's manager, which would pile up
        try (NDScope scope = new NDScope();
            NDArray gradient = weight.array().getGradient()) {
          scope.suppressNotUsedWarning();
          // set rather than multiply: a NaN gradient times zero stays NaN
          gradient.set(new NDIndex("..."), 0);
        }
      }
    }
  }

  /**
   * The state as float32 tensors {@code exp_avg/<weight>} and {@code exp_avg_sq/<weight>} plus the
   * int64 {@code step}, copied bit for bit so {@link #restoreState} resumes exactly.
   */
  public TensorStore exportState() {
    InMemoryTensors state = new InMemoryTensors();
    ByteBuffer step = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, stepCount);
    state.put(new TensorData(new TensorInfo(STEP_KEY, Dtype.I64, new long[] {1}), step));
    moments.forEach(
        (name, m) -> {
          state.put(TensorData.of(MEAN_PREFIX + name, m.mean));
          state.put(TensorData.of(VARIANCE_PREFIX + name, m.variance));
        });
    return state;
  }

  /**
   * Replaces the moments and step count with an exported state. The state must hold exactly this
   * optimizer's weights with their shapes; otherwise nothing changes and the error names the key.
   */
  public void restoreState(TensorStore state) throws IOException {
    Set<String> expected = new HashSet<>();
    expected.add(STEP_KEY);
    for (String name : moments.keySet()) {
      expected.add(MEAN_PREFIX + name);
      expected.add(VARIANCE_PREFIX + name);
    }
    for (TensorInfo info : state.tensors()) {
      if (!expected.contains(info.name())) {
        throw new IllegalArgumentException(
            "AdamW state has tensor '" + info.name() + "', which is no weight of this optimizer");
      }
    }
    long[] step = state.read(STEP_KEY).toLongArray();
    if (step.length != 1 || step[0] < 0) {
      throw new IllegalArgumentException("AdamW state tensor 'step' must hold one count >= 0");
    }
    Map<String, TensorData[]> loaded = new LinkedHashMap<>();
    moments.forEach(
        (name, m) ->
            loaded.put(
                name,
                new TensorData[] {
                  checked(state, MEAN_PREFIX + name, m.mean),
                  checked(state, VARIANCE_PREFIX + name, m.variance)
                }));
    loaded.forEach(
        (name, data) ->
            moments
                .get(name)
                .replace(
                    unscoped(data[0].toNDArray(stateManager)),
                    unscoped(data[1].toNDArray(stateManager))));
    stepCount = step[0];
  }

  private void update(
      String name,
      NDArray w,
      Moments m,
      double lr,
      double biasCorrection1,
      double biasCorrection2Sqrt) {
    if (w.getDataType() != DataType.FLOAT32) {
      throw new IllegalStateException(
          "AdamW updates float32 weights; '" + name + "' is " + w.getDataType());
    }
    NDArray g = w.getGradient();
    w.muli(1 - lr * weightDecay);
    m.mean.muli(beta1).addi(g.mul(1 - beta1));
    m.variance.muli(beta2).addi(g.square().muli(1 - beta2));
    NDArray denominator = m.variance.sqrt().divi(biasCorrection2Sqrt).addi(eps);
    w.subi(m.mean.div(denominator).muli(lr / biasCorrection1));
  }

  private static TensorData checked(TensorStore state, String key, NDArray current) {
    TensorData data;
    try {
      data = state.read(key);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read AdamW state tensor '" + key + "'", e);
    }
    if (data.info().dtype() != Dtype.F32
        || !current.getShape().equals(new Shape(data.info().shape()))) {
      throw new IllegalArgumentException(
          "AdamW state tensor '"
              + key
              + "' is "
              + data.info()
              + ", expected F32 of shape "
              + current.getShape());
    }
    return data;
  }

  private NDArray zeros(Weight weight) {
    return unscoped(stateManager.zeros(weight.shape(), DataType.FLOAT32));
  }

  /** Takes optimizer state out of any open scope; the state manager alone owns it. */
  private static NDArray unscoped(NDArray array) {
    NDScope.unregister(array);
    return array;
  }

  private Group groupNamed(String group) {
    Group found = groups.get(group);
    if (found == null) {
      throw new IllegalArgumentException(
          "no AdamW parameter group '" + group + "'; groups are " + groups.keySet());
    }
    return found;
  }

  private static void requireInRange(String setting, double beta) {
    if (!(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException(setting + " must be in [0, 1), got " + beta);
    }
  }

  private static final class Group {
    final Map<String, Weight> weights;
    double learningRate = Double.NaN;

    Group(Map<String, Weight> weights) {
      this.weights = weights;
    }
  }

  private static final class Moments {
    NDArray mean;
    NDArray variance;

    Moments(NDArray mean, NDArray variance) {
      this.mean = mean;
      this.variance = variance;
    }

    void replace(NDArray newMean, NDArray newVariance) {
      mean.close();
      variance.close();
      mean = newMean;
      variance = newVariance;
    }
  }
}
