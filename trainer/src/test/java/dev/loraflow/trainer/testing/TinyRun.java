package dev.loraflow.trainer.testing;

import dev.loraflow.trainer.demo.DemoBaseModel;
import dev.loraflow.trainer.train.LoraTrainer;
import dev.loraflow.trainer.train.TrainingConfig;
import dev.loraflow.trainer.train.TrainingConfigs;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A small kohya folder of generated drawings and the demo base model, with settings that train in a
 * second or two: 64 px squares (8 x 8 latents).
 */
public final class TinyRun {

  public final Path root;
  public final Path model;
  public final Path images;
  public final StringWriter output = new StringWriter();

  public TinyRun(Path root) throws IOException {
    this.root = root;
    this.model = DemoBaseModel.writeTo(root.resolve("base"), 3);
    this.images = root.resolve("img");
    Path folder = Files.createDirectories(images.resolve("5_tiny chan"));
    Color[] colors = {Color.RED, Color.BLUE, Color.GREEN};
    for (int i = 0; i < colors.length; i++) {
      BufferedImage image = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, 96, 96);
      g.setColor(colors[i]);
      g.fillOval(10 + 20 * i, 20, 40, 50);
      g.dispose();
      ImageIO.write(image, "png", folder.resolve("drawing" + i + ".png").toFile());
      Files.writeString(folder.resolve("drawing" + i + ".txt"), "tiny chan, solo, shape " + i);
    }
  }

  /** Settings for a run writing to {@code out}; {@code overrides} win. */
  public TrainingConfig config(String out, Object... overrides) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("trainDataDir", images.toString());
    settings.put("baseModel", model.toString());
    settings.put("outputDir", root.resolve(out).toString());
    settings.put("outputName", "tiny");
    settings.put("resolution", 64);
    settings.put("enableBucket", false);
    settings.put("maxTrainSteps", 6);
    settings.put("saveEveryNSteps", 2);
    settings.put("learningRate", 1e-3);
    settings.put("seed", 11L);
    settings.put("device", "cpu");
    for (int i = 0; i < overrides.length; i += 2) {
      settings.put((String) overrides[i], overrides[i + 1]);
    }
    return TrainingConfigs.fromMap(settings);
  }

  public LoraTrainer.Result train(TrainingConfig config) throws IOException {
    return new LoraTrainer(config, new PrintWriter(output, true)).train();
  }
}
