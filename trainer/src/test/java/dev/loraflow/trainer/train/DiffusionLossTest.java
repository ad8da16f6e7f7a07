package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.loraflow.trainer.schedule.DdpmSchedule;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class DiffusionLossTest {

  private static final Shape SHAPE = new Shape(2, 1, 2, 2);
  private static final float[] PREDICTION = {0.5f, -1, 2, 0.05f, 1, 1, -0.2f, 3};
  private static final float[] TARGET = {0, 0.5f, 1, 0, 0.25f, -1, 0, 0.5f};
  private static final float[] WEIGHTS = {1, 0.5f};
  private static final long[] TIMESTEPS = {10, 900};

  @Test
  void l2_isTheWeightedMeanOfPerSampleMeanSquares() {
    assertLoss(DiffusionLoss.of(DiffusionLoss.Type.L2), d -> d * d);
  }

  @Test
  void l1_isTheWeightedMeanOfPerSampleMeanAbsolutes() {
    assertLoss(DiffusionLoss.of(DiffusionLoss.Type.L1), Math::abs);
  }

  @Test
  void huber_isKohyasPseudoHuberScaledByC() {
    double c = 0.1;
    assertLoss(
        DiffusionLoss.of(DiffusionLoss.Type.HUBER), d -> 2 * c * (Math.sqrt(d * d + c * c) - c));
  }

  @Test
  void smoothL1_isPseudoHuberWithoutTheCFactor() {
    double c = 0.3;
    assertLoss(
        DiffusionLoss.of(DiffusionLoss.Type.SMOOTH_L1).withHuberC(c),
        d -> 2 * (Math.sqrt(d * d + c * c) - c));
  }

  @Test
  void minSnr_weighsHighSnrTimestepsDown() {
    float[] snr = DdpmSchedule.sd15().snr();
    double gamma = 5;
    assertThat(snr[10]).isGreaterThan(5);
    assertThat(snr[900]).isLessThan(5);
    double[] perSample = perSampleMeans(d -> d * d);
    double expected =
        (perSample[0] * WEIGHTS[0] * gamma / snr[10] + perSample[1] * WEIGHTS[1] * 1) / 2;

    try (NDManager manager = NDManager.newBaseManager()) {
      double loss =
          DiffusionLoss.of(DiffusionLoss.Type.L2)
              .withMinSnrGamma(gamma, snr)
              .compute(
                  manager.create(PREDICTION, SHAPE),
                  manager.create(TARGET, SHAPE),
                  TIMESTEPS,
                  WEIGHTS)
              .getFloat();
      assertThat(loss).isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void debiasedEstimation_weighsEachSampleByOneOverSqrtSnr_cappedAt1000() {
    float[] snr = DdpmSchedule.sd15().snr();
    long[] timesteps = {0, 900};
    assertThat(snr[0]).isGreaterThan(1000);
    double[] perSample = perSampleMeans(d -> d * d);
    double expected =
        (perSample[0] * WEIGHTS[0] / Math.sqrt(1000)
                + perSample[1] * WEIGHTS[1] / Math.sqrt(snr[900]))
            / 2;

    try (NDManager manager = NDManager.newBaseManager()) {
      double loss =
          DiffusionLoss.of(DiffusionLoss.Type.L2)
              .withDebiasedEstimation(snr)
              .compute(
                  manager.create(PREDICTION, SHAPE),
                  manager.create(TARGET, SHAPE),
                  timesteps,
                  WEIGHTS)
              .getFloat();
      assertThat(loss).isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void fp16Prediction_isLostInFloat32_andGradientsFlowBack() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray prediction = manager.create(PREDICTION, SHAPE).toType(DataType.FLOAT16, false);
      prediction.setRequiresGradient(true);
      NDArray loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        loss =
            DiffusionLoss.of(DiffusionLoss.Type.HUBER)
                .compute(prediction, manager.create(TARGET, SHAPE), TIMESTEPS, WEIGHTS);
        collector.backward(loss);
      }
      assertThat(loss.getDataType()).isEqualTo(DataType.FLOAT32);
      float[] gradient = prediction.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
      // d/dp of 2c(sqrt(d^2 + c^2) - c) is 2c d / sqrt(d^2 + c^2), averaged over 4 elements and 2
      // samples, times the sample's weight
      for (int i : new int[] {0, 7}) {
        double d = PREDICTION[i] - TARGET[i];
        double expected = 2 * 0.1 * d / Math.sqrt(d * d + 0.01) * WEIGHTS[i / 4] / 4 / 2;
        assertThat((double) gradient[i]).isCloseTo(expected, within(1e-4));
      }
    }
  }

  @Test
  void oneWeightPerSampleIsRequired() {
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(
              () ->
                  DiffusionLoss.of(DiffusionLoss.Type.L2)
                      .compute(
                          manager.create(PREDICTION, SHAPE),
                          manager.create(TARGET, SHAPE),
                          TIMESTEPS,
                          new float[] {1}))
          .hasMessageContaining("loss weight");
    }
  }

  private static void assertLoss(DiffusionLoss loss, DoubleUnaryOperator element) {
    double[] perSample = perSampleMeans(element);
    double expected = (perSample[0] * WEIGHTS[0] + perSample[1] * WEIGHTS[1]) / 2;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray value =
          loss.compute(
              manager.create(PREDICTION, SHAPE), manager.create(TARGET, SHAPE), TIMESTEPS, WEIGHTS);
      assertThat(value.getShape().dimension()).isZero();
      assertThat((double) value.getFloat()).isCloseTo(expected, within(1e-6));
    }
  }

  private static double[] perSampleMeans(DoubleUnaryOperator element) {
    double[] means = new double[2];
    for (int i = 0; i < PREDICTION.length; i++) {
      means[i / 4] += element.applyAsDouble(PREDICTION[i] - TARGET[i]) / 4;
    }
    return means;
  }
}
