package dev.loraflow.trainer.train;

import java.awt.Color;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code loss.csv} (step, epoch, loss, its running average, learning rates) beside the checkpoints,
 * appended at every step, and {@code loss.png}, redrawn at each save. A resumed run appends to the
 * same file: rows past the resume step (written after the state that was resumed) are dropped.
 */
public final class LossLog implements AutoCloseable {

  public static final String CSV = "loss.csv";
  public static final String CHART = "loss.png";
  private static final String HEADER = "step,epoch,loss,average_loss,lr_unet,lr_text_encoder";

  private final Path folder;
  private final BufferedWriter out;
  private final List<double[]> points = new ArrayList<>(); // step, loss, average

  private LossLog(Path folder, BufferedWriter out) {
    this.folder = folder;
    this.out = out;
  }

  /** Opens the log in {@code folder}, keeping the rows of steps up to {@code resumedStep}. */
  public static LossLog open(Path folder, long resumedStep) throws IOException {
    Path csv = folder.resolve(CSV);
    List<String> kept = new ArrayList<>();
    kept.add(HEADER);
    if (resumedStep > 0 && Files.exists(csv)) {
      for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
        if (!line.isEmpty()
            && Character.isDigit(line.charAt(0))
            && Long.parseLong(line.substring(0, line.indexOf(','))) <= resumedStep) {
          kept.add(line);
        }
      }
    }
    Path partial = folder.resolve(CSV + ".partial");
    Files.write(partial, kept, StandardCharsets.UTF_8);
    Files.move(partial, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    LossLog log =
        new LossLog(
            folder,
            Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    for (String line : kept.subList(1, kept.size())) {
      String[] cells = line.split(",");
      log.points.add(
          new double[] {
            Double.parseDouble(cells[0]), Double.parseDouble(cells[2]), Double.parseDouble(cells[3])
          });
    }
    return log;
  }

  public void append(long step, int epoch, double loss, double average, double unetLr, double teLr)
      throws IOException {
    out.write(
        String.format(
            Locale.ROOT, "%d,%d,%.6g,%.6g,%.6g,%.6g%n", step, epoch, loss, average, unetLr, teLr));
    out.flush();
    points.add(new double[] {step, loss, average});
  }

  /** Redraws {@code loss.png}: every step's loss, faint, and its running average. */
  public void drawChart(String title) throws IOException {
    if (points.isEmpty()) {
      return;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(450)
            .title(title)
            .xAxisTitle("step")
            .yAxisTitle("loss")
            .build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisTickMarkSpacingHint(90);
    chart.getStyler().setXAxisDecimalPattern("#");
    double[] steps = column(0);
    XYSeries raw = chart.addSeries("loss", steps, column(1));
    raw.setMarker(SeriesMarkers.NONE);
    raw.setLineColor(new Color(120, 160, 220));
    XYSeries average = chart.addSeries("average", steps, column(2));
    average.setMarker(SeriesMarkers.NONE);
    average.setLineColor(new Color(200, 60, 40));
    Path partial = folder.resolve("loss.partial.png");
    BitmapEncoder.saveBitmap(chart, partial.toString(), BitmapEncoder.BitmapFormat.PNG);
    Files.move(
        partial,
        folder.resolve(CHART),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private double[] column(int index) {
    return points.stream().mapToDouble(p -> p[index]).toArray();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
