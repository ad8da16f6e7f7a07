package dev.loraflow.trainer.testing;

import dev.loraflow.trainer.io.SafetensorsWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the full-size formula checkpoint (4.27 GB) as .safetensors, for the benchmark command:
 * {@code java -cp <test classpath> dev.loraflow.trainer.testing.WriteFormulaCheckpoint
 * out.safetensors}.
 */
public final class WriteFormulaCheckpoint {

  private WriteFormulaCheckpoint() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "sd15-formula.safetensors");
    SafetensorsWriter.write(
        out, FormulaCheckpoint.sd15(name -> true), Map.of("source", "loraflow formula checkpoint"));
    System.out.println("wrote " + out);
  }
}
