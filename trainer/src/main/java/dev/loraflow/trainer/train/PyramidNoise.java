package dev.loraflow.trainer.train;

/**
 * kohya's multires ("pyramid") noise, {@code --multires_noise_iterations}: Gaussian noise drawn at
 * ever smaller sizes (each a random 2 to 4 times smaller than the last) and stretched back to the
 * latent's size bilinearly, weighted {@code discount^i}, so the noise has low frequencies the model
 * learns to remove too. Drawn in Java from the run's {@link NoiseSource}, so a resumed run draws
 * the same.
 */
final class PyramidNoise {

  private PyramidNoise() {}

  /**
   * The sum of the {@code iterations} levels for noise of [B, C, H, W] {@code shape}, in that
   * layout; level 0 is full size. It stops early at a level one pixel high or wide, as kohya does.
   */
  static float[] levels(long[] shape, int iterations, double discount, NoiseSource random) {
    int planes = Math.toIntExact(shape[0] * shape[1]);
    int height = Math.toIntExact(shape[2]);
    int width = Math.toIntExact(shape[3]);
    float[] sum = new float[planes * height * width];
    for (int i = 0; i < iterations; i++) {
      double shrink = Math.pow(random.uniform() * 2 + 2, i);
      int h = Math.max(1, (int) (height / shrink));
      int w = Math.max(1, (int) (width / shrink));
      float[] level = random.gaussians(planes * h * w);
      float weight = (float) Math.pow(discount, i);
      for (int p = 0; p < planes; p++) {
        addStretched(level, p * h * w, h, w, sum, p * height * width, height, width, weight);
      }
      if (h == 1 || w == 1) {
        break;
      }
    }
    return sum;
  }

  /**
   * Adds {@code weight} times one h × w plane, resized to height × width as torch's bilinear
   * upsampling does without aligned corners (pixel centres at half steps, edges clamped).
   */
  static void addStretched(
      float[] from,
      int fromStart,
      int h,
      int w,
      float[] to,
      int toStart,
      int height,
      int width,
      float weight) {
    for (int y = 0; y < height; y++) {
      double sy = Math.max(0, (y + 0.5) * h / height - 0.5);
      int y0 = (int) sy;
      int y1 = Math.min(y0 + 1, h - 1);
      float fy = (float) (sy - y0);
      for (int x = 0; x < width; x++) {
        double sx = Math.max(0, (x + 0.5) * w / width - 0.5);
        int x0 = (int) sx;
        int x1 = Math.min(x0 + 1, w - 1);
        float fx = (float) (sx - x0);
        float top = lerp(from[fromStart + y0 * w + x0], from[fromStart + y0 * w + x1], fx);
        float bottom = lerp(from[fromStart + y1 * w + x0], from[fromStart + y1 * w + x1], fx);
        to[toStart + y * width + x] += weight * lerp(top, bottom, fy);
      }
    }
  }

  private static float lerp(float a, float b, float t) {
    return a + (b - a) * t;
  }
}
