package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.loraflow.trainer.io.Checkpoints;
import dev.loraflow.trainer.io.Dtype;
import dev.loraflow.trainer.io.SafetensorsReader;
import dev.loraflow.trainer.io.TensorInfo;
import dev.loraflow.trainer.io.TensorStore;
import dev.loraflow.trainer.lora.LoraConfig;
import dev.loraflow.trainer.lora.LoraFile;
import dev.loraflow.trainer.lora.LoraNetwork;
import dev.loraflow.trainer.sd.StableDiffusion;
import dev.loraflow.trainer.testing.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs of the trainer on the demo model and a three-image kohya folder. */
class LoraTrainerTest {

  @TempDir Path tmp;

  @Test
  void checkpointsAppearAtTheStepIntervals_withKohyasNamesDtypesAndMetadata() throws Exception {
    TinyRun run = new TinyRun(tmp);
    LoraTrainer.Result result = run.train(run.config("model"));

    Path model = tmp.resolve("model");
    assertThat(result.steps()).isEqualTo(6);
    assertThat(result.checkpoints())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "tiny-step00000002.safetensors",
            "tiny-step00000004.safetensors",
            "tiny-step00000006.safetensors",
            "tiny.safetensors");
    assertThat(model.resolve(LossLog.CSV)).exists();
    assertThat(model.resolve(LossLog.CHART)).exists();
    try (SafetensorsReader file =
        SafetensorsReader.open(model.resolve("tiny-step00000004.safetensors"))) {
      Map<String, String> meta = file.metadata();
      assertThat(meta)
          .containsEntry("ss_network_module", "networks.lora")
          .containsEntry("ss_network_dim", "4")
          .containsEntry("ss_base_model_version", "sd_v1")
          .containsEntry("ss_steps", "4")
          .containsEntry("ss_output_name", "tiny")
          .containsEntry("ss_num_train_images", "15")
          .containsEntry("ss_dataset_dirs", "{\"5_tiny chan\":{\"n_repeats\":5,\"img_count\":3}}")
          .containsEntry("modelspec.architecture", "stable-diffusion-v1/lora")
          .containsKeys("ss_tag_frequency", "ss_session_id", "sshs_model_hash", "sshs_legacy_hash");
      assertThat(meta.get("ss_tag_frequency")).contains("\"tiny chan\":3");
      List<TensorInfo> tensors = file.tensors();
      assertThat(tensors).allSatisfy(t -> assertThat(t.dtype()).isEqualTo(Dtype.F16));
      assertThat(tensors.stream().map(TensorInfo::name))
          .anyMatch(n -> n.startsWith("lora_unet_") && n.endsWith(".lora_up.weight"))
          .anyMatch(n -> n.startsWith("lora_te_") && n.endsWith(".alpha"));
    }
    assertThat(run.output.toString())
        .contains("5_tiny chan: 3 images x 5 repeats")
        .contains("6 steps");
  }

  @Test
  void theSavedLora_reloadsToTheOutputsOfTheTrainedNetwork() throws Exception {
    TinyRun run = new TinyRun(tmp);
    run.train(run.config("model", "savePrecision", "float", "learningRate", 1e-2));
    Path saved = tmp.resolve("model/tiny.safetensors");

    try (NDManager manager = NDManager.newBaseManager();
        TensorStore base = Checkpoints.open(run.model)) {
      StableDiffusion sd = StableDiffusion.load(base, manager);
      NDArray x = manager.randomNormal(new Shape(1, 4, 8, 8));
      NDArray t = manager.create(new long[] {500});
      NDArray context = manager.randomNormal(new Shape(1, 77, 32));
      float[] before = sd.unet().forward(x, t, context).toFloatArray();

      float[] applied;
      try (LoraFile file = LoraFile.read(saved)) {
        LoraNetwork network = file.apply(sd.unet(), sd.textEncoder(), 1f, manager);
        applied = sd.unet().forward(x, t, context).toFloatArray();
        network.detach();
      }
      LoraNetwork loaded =
          LoraNetwork.create(sd.unet(), sd.textEncoder(), LoraConfig.defaults(), manager, 1);
      try (TensorStore weights = SafetensorsReader.open(saved)) {
        loaded.load(weights);
      }
      float[] reloaded = sd.unet().forward(x, t, context).toFloatArray();

      assertThat(applied).isNotEqualTo(before); // training moved the LoRA off zero
      assertThat(reloaded).containsExactly(applied, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void bothTheUNetAndTheTextEncoderLoras_learn() throws Exception {
    TinyRun run = new TinyRun(tmp);
    run.train(run.config("model", "savePrecision", "float", "maxTrainSteps", 2));
    try (SafetensorsReader file = SafetensorsReader.open(tmp.resolve("model/tiny.safetensors"))) {
      for (String prefix : List.of("lora_unet_", "lora_te_")) {
        double sum = 0;
        for (TensorInfo info : file.tensors()) {
          if (info.name().startsWith(prefix) && info.name().endsWith(".lora_up.weight")) {
            for (float v : file.read(info.name()).toFloatArray()) {
              sum += Math.abs(v);
            }
          }
        }
        assertThat(sum).as(prefix + " up weights after two steps").isGreaterThan(0);
      }
    }
  }

  @Test
  void fp16MixedPrecision_trainsBothLorasThroughTheHalfPrecisionModel() throws Exception {
    TinyRun run = new TinyRun(tmp);
    LoraTrainer.Result result =
        run.train(
            run.config(
                "model", "mixedPrecision", "fp16", "savePrecision", "float", "maxTrainSteps", 3));
    assertThat(result.lastLoss()).isFinite();
    try (SafetensorsReader file = SafetensorsReader.open(tmp.resolve("model/tiny.safetensors"))) {
      assertThat(file.metadata()).containsEntry("ss_mixed_precision", "fp16");
      for (String prefix : List.of("lora_unet_", "lora_te_")) {
        double sum = 0;
        for (TensorInfo info : file.tensors()) {
          if (info.name().startsWith(prefix) && info.name().endsWith(".lora_up.weight")) {
            assertThat(info.dtype()).isEqualTo(Dtype.F32);
            for (float v : file.read(info.name()).toFloatArray()) {
              sum += Math.abs(v);
            }
          }
        }
        assertThat(sum).as(prefix + " up weights after fp16 steps").isGreaterThan(0);
      }
    }
    assertThat(run.output.toString()).contains("slower than fp32");
  }

  @Test
  void lossFalls_whenTheLoraOverfitsAFewImages() throws Exception {
    TinyRun run = new TinyRun(tmp);
    run.train(
        run.config(
            "model",
            "maxTrainSteps",
            80,
            "saveEveryNSteps",
            0,
            "learningRate",
            3e-3,
            "networkDim",
            8,
            "networkAlpha",
            8.0));
    List<String> rows = Files.readAllLines(tmp.resolve("model").resolve(LossLog.CSV));
    double first = meanLoss(rows.subList(1, 21));
    double last = meanLoss(rows.subList(rows.size() - 20, rows.size()));
    assertThat(last).as("mean loss of the last 20 steps vs the first 20").isLessThan(first * 0.8);
  }

  /**
   * Arrays over Java buffers that autograd keeps for backward are freed when the garbage collector
   * runs between forward and backward (NaN gradients at random steps). A collector that never stops
   * makes that certain: every step's loss must stay finite.
   */
  @Test
  void aRunUnderConstantGarbageCollection_keepsFiniteLosses() throws Exception {
    TinyRun run = new TinyRun(tmp);
    Thread collector =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    collector.setDaemon(true);
    collector.start();
    try {
      LoraTrainer.Result result =
          run.train(run.config("model", "maxTrainSteps", 30, "saveEveryNSteps", 0));
      assertThat(result.steps()).isEqualTo(30);
      assertThat(result.lastLoss()).isFinite();
    } finally {
      collector.interrupt();
    }
  }

  @Test
  void aResumedRun_endsAtTheSameStepWithTheSameLosses() throws Exception {
    TinyRun run = new TinyRun(tmp);
    run.train(run.config("whole", "maxTrainSteps", 8, "saveEveryNSteps", 4, "saveState", true));
    Path state = tmp.resolve("whole/tiny-step00000004-state");
    assertThat(state.resolve("train_state.json")).exists();

    LoraTrainer.Result resumed =
        run.train(
            run.config(
                "whole",
                "maxTrainSteps",
                8,
                "saveEveryNSteps",
                4,
                "saveState",
                true,
                "resume",
                state.toString(),
                "outputDir",
                tmp.resolve("resumed").toString()));

    assertThat(resumed.steps()).isEqualTo(8);
    List<String> whole = Files.readAllLines(tmp.resolve("whole").resolve(LossLog.CSV));
    List<String> after = Files.readAllLines(tmp.resolve("resumed").resolve(LossLog.CSV));
    assertThat(after).hasSize(5); // header + steps 5..8
    for (int i = 1; i <= 4; i++) {
      double expected = loss(whole.get(4 + i));
      assertThat(loss(after.get(i)))
          .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-3));
    }
  }

  @Test
  void kohyasNoiseOptions_changeTheLosses_andAreRecordedInTheMetadata() throws Exception {
    TinyRun run = new TinyRun(tmp);
    run.train(run.config("plain", "maxTrainSteps", 4, "saveEveryNSteps", 0));
    run.train(
        run.config(
            "noised",
            "maxTrainSteps",
            4,
            "saveEveryNSteps",
            0,
            "noiseOffset",
            0.1,
            "adaptiveNoiseScale",
            0.05,
            "multiresNoiseIterations",
            6,
            "ipNoiseGamma",
            0.1,
            "minTimestep",
            100,
            "maxTimestep",
            900));

    List<String> plain = Files.readAllLines(tmp.resolve("plain").resolve(LossLog.CSV));
    List<String> noised = Files.readAllLines(tmp.resolve("noised").resolve(LossLog.CSV));
    assertThat(noised).hasSize(5);
    for (int i = 1; i <= 4; i++) {
      assertThat(loss(noised.get(i))).isFinite().isNotEqualTo(loss(plain.get(i)));
    }
    try (SafetensorsReader file =
        SafetensorsReader.open(tmp.resolve("noised").resolve("tiny.safetensors"))) {
      assertThat(file.metadata())
          .containsEntry("ss_noise_offset", "0.1")
          .containsEntry("ss_adaptive_noise_scale", "0.05")
          .containsEntry("ss_multires_noise_iterations", "6")
          .containsEntry("ss_multires_noise_discount", "0.3")
          .containsEntry("ss_ip_noise_gamma", "0.1");
    }
  }

  @Test
  void scaleWeightNorms_keepsEveryModulesDeltaWithinTheNorm() throws Exception {
    TinyRun run = new TinyRun(tmp);
    double maxNorm = 1e-4; // below what the first steps train, so every module is scaled
    run.train(
        run.config(
            "model",
            "maxTrainSteps",
            3,
            "saveEveryNSteps",
            0,
            "savePrecision",
            "float",
            "learningRate",
            1e-2,
            "scaleWeightNorms",
            maxNorm,
            "debiasedEstimationLoss",
            true));

    try (NDManager manager = NDManager.newBaseManager();
        SafetensorsReader file = SafetensorsReader.open(tmp.resolve("model/tiny.safetensors"))) {
      assertThat(file.metadata())
          .containsEntry("ss_scale_weight_norms", "1.0E-4")
          .containsEntry("ss_debiased_estimation", "True");
      List<String> downs =
          file.tensors().stream()
              .map(TensorInfo::name)
              .filter(n -> n.endsWith(".lora_down.weight"))
              .toList();
      assertThat(downs).isNotEmpty();
      for (String down : downs) {
        String name = down.substring(0, down.length() - ".lora_down.weight".length());
        NDArray d = file.readArray(down, manager);
        NDArray u = file.readArray(name + ".lora_up.weight", manager);
        long rank = d.getShape().get(0);
        float alpha = file.readArray(name + ".alpha", manager).getFloat();
        double norm =
            u.reshape(u.getShape().get(0), rank).matMul(d.reshape(rank, -1)).norm().getFloat()
                * alpha
                / rank;
        assertThat(norm).as(name).isLessThanOrEqualTo(maxNorm * 1.001);
      }
    }
  }

  @Test
  void resumingWithAnotherBatchSize_isRefusedNamingIt() throws Exception {
    TinyRun run = new TinyRun(tmp);
    run.train(run.config("model", "maxTrainSteps", 2, "saveEveryNSteps", 2, "saveState", true));
    Path state = tmp.resolve("model/tiny-step00000002-state");

    assertThatThrownBy(
            () ->
                run.train(
                    run.config(
                        "model",
                        "maxTrainSteps",
                        2,
                        "trainBatchSize",
                        2,
                        "resume",
                        state.toString())))
        .hasMessageContaining("was saved with other settings (trainBatchSize 1 -> 2)");
  }

  @Test
  void aFailedSave_namesTheFileAndKeepsTheEarlierCheckpoints() throws Exception {
    TinyRun run = new TinyRun(tmp);
    Path model = Files.createDirectories(tmp.resolve("model"));
    // a folder where the step-4 checkpoint should go makes that save fail, as a full disk would
    Files.createDirectories(model.resolve("tiny-step00000004.safetensors/blocked"));

    assertThatThrownBy(() -> run.train(run.config("model")))
        .hasMessageContaining("tiny-step00000004.safetensors")
        .hasMessageContaining("every earlier checkpoint is kept");
    try (SafetensorsReader earlier =
        SafetensorsReader.open(model.resolve("tiny-step00000002.safetensors"))) {
      assertThat(earlier.metadata()).containsEntry("ss_steps", "2");
    }
    try (Stream<Path> files = Files.list(model)) {
      assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".partial"));
    }
  }

  @Test
  void anOutputFolderOfAnotherRunWithTheSameName_isRefused() throws Exception {
    TinyRun run = new TinyRun(tmp);
    Path model = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(model.resolve("tiny-step00001000.safetensors"), "not ours to replace");

    assertThatThrownBy(() -> run.train(run.config("model")))
        .hasMessageContaining("already holds checkpoints of a run named 'tiny'");
    assertThat(Files.readString(model.resolve("tiny-step00001000.safetensors")))
        .isEqualTo("not ours to replace");
  }

  @Test
  void aLossThatBecomesNaN_stopsTheRunNamingTheStep() throws Exception {
    TinyRun run = new TinyRun(tmp);
    assertThatThrownBy(
            () -> run.train(run.config("model", "learningRate", 1e30, "maxGradNorm", 0.0)))
        .isInstanceOf(TrainingStoppedException.class)
        .hasMessageContaining("at step");
  }

  private static double loss(String row) {
    return Double.parseDouble(row.split(",")[2]);
  }

  private static double meanLoss(List<String> rows) {
    return rows.stream().mapToDouble(LoraTrainerTest::loss).average().orElseThrow();
  }
}
