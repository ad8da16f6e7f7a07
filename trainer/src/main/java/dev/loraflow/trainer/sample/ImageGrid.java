package dev.loraflow.trainer.sample;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Images in rows and columns on white, a label left of each row and above each column (cut with an
 * ellipsis to fit): the checkpoint comparison a user picks a checkpoint from.
 */
public final class ImageGrid {

  static final int LABEL_WIDTH = 240;
  static final int HEADER_HEIGHT = 48;
  private static final int PAD = 6;

  private ImageGrid() {}

  /** {@code cells[row][column]}; every cell is drawn in a slot as large as the largest one. */
  public static BufferedImage assemble(
      List<String> rowLabels, List<String> columnLabels, BufferedImage[][] cells) {
    if (cells.length != rowLabels.size()
        || (cells.length > 0 && cells[0].length != columnLabels.size())) {
      throw new IllegalArgumentException(
          "the grid needs one label per row and column: "
              + rowLabels.size()
              + " x "
              + columnLabels.size()
              + " labels for "
              + cells.length
              + " rows");
    }
    int cellWidth = 0;
    int cellHeight = 0;
    for (BufferedImage[] row : cells) {
      for (BufferedImage cell : row) {
        cellWidth = Math.max(cellWidth, cell.getWidth());
        cellHeight = Math.max(cellHeight, cell.getHeight());
      }
    }
    int columns = columnLabels.size();
    BufferedImage grid =
        new BufferedImage(
            LABEL_WIDTH + columns * cellWidth,
            HEADER_HEIGHT + rowLabels.size() * cellHeight,
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      FontMetrics metrics = g.getFontMetrics();
      int baseline = (HEADER_HEIGHT + metrics.getAscent() - metrics.getDescent()) / 2;
      for (int c = 0; c < columns; c++) {
        String label = fit(columnLabels.get(c), metrics, cellWidth - 2 * PAD);
        g.drawString(label, LABEL_WIDTH + c * cellWidth + PAD, baseline);
      }
      for (int r = 0; r < rowLabels.size(); r++) {
        int top = HEADER_HEIGHT + r * cellHeight;
        String label = fit(rowLabels.get(r), metrics, LABEL_WIDTH - 2 * PAD);
        g.drawString(label, PAD, top + (cellHeight + metrics.getAscent()) / 2);
        for (int c = 0; c < columns; c++) {
          g.drawImage(cells[r][c], LABEL_WIDTH + c * cellWidth, top, null);
        }
      }
    } finally {
      g.dispose();
    }
    return grid;
  }

  /** {@code text}, or as much of it as fits in {@code width} pixels followed by an ellipsis. */
  static String fit(String text, FontMetrics metrics, int width) {
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String cut = text;
    while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > width) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "…";
  }
}
