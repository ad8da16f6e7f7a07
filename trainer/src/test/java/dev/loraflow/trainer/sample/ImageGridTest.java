package dev.loraflow.trainer.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison grid: its size, the cells in place and a label beside every row and column. */
class ImageGridTest {

  @Test
  void rowsAndColumns_areLabelledAndPlaced() {
    BufferedImage red = filled(40, 30, Color.RED);
    BufferedImage blue = filled(40, 30, Color.BLUE);
    BufferedImage grid =
        ImageGrid.assemble(
            List.of("run-step00000500", "run-step00001000", "run"),
            List.of("masterpiece, 1girl", "a very long prompt that cannot fit in forty pixels"),
            new BufferedImage[][] {{red, blue}, {blue, red}, {red, red}});

    assertThat(grid.getWidth()).isEqualTo(ImageGrid.LABEL_WIDTH + 2 * 40);
    assertThat(grid.getHeight()).isEqualTo(ImageGrid.HEADER_HEIGHT + 3 * 30);
    assertThat(grid.getRGB(ImageGrid.LABEL_WIDTH + 60, ImageGrid.HEADER_HEIGHT + 45))
        .isEqualTo(Color.RED.getRGB()); // row 2, column 2
    for (int row = 0; row < 3; row++) {
      int top = ImageGrid.HEADER_HEIGHT + row * 30;
      assertThat(hasInk(grid, 0, top, ImageGrid.LABEL_WIDTH, 30)).as("row %d label", row).isTrue();
    }
    for (int column = 0; column < 2; column++) {
      int left = ImageGrid.LABEL_WIDTH + column * 40;
      assertThat(hasInk(grid, left, 0, 40, ImageGrid.HEADER_HEIGHT))
          .as("column %d label", column)
          .isTrue();
    }
  }

  private static boolean hasInk(BufferedImage image, int x0, int y0, int width, int height) {
    for (int y = y0; y < y0 + height; y++) {
      for (int x = x0; x < x0 + width; x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
          return true;
        }
      }
    }
    return false;
  }

  private static BufferedImage filled(int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }
}
