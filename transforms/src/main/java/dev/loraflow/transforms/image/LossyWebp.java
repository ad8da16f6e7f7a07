package dev.loraflow.transforms.image;

import java.nio.charset.StandardCharsets;

/**
 * Tells a WebP whose pixels depend on the decoder: a lossy (VP8) or animated file. Decoders
 * reconstruct lossy WebP differently (libwebp, which kohya's Pillow uses, upsamples chroma
 * bilinearly and converts YUV in its own fixed point; TwelveMonkeys, which loraflow's trainer and
 * tagger use, does neither alike): the same file gives pixels up to 6 steps apart on smooth areas
 * and about 90 at colour edges. Lossless (VP8L) frames decode alike everywhere.
 */
final class LossyWebp {

  private LossyWebp() {}

  /**
   * Whether the RIFF container {@code webp} holds a {@code VP8 } (lossy) frame or an animation at
   * its top level. Chunks are walked by their sizes; a truncated chunk list ends the walk.
   */
  static boolean isLossyOrAnimated(byte[] webp) {
    for (int at = 12; at + 8 <= webp.length; ) {
      String fourcc = new String(webp, at, 4, StandardCharsets.US_ASCII);
      if (fourcc.equals("VP8 ") || fourcc.equals("ANIM")) {
        return true;
      }
      long size =
          (webp[at + 4] & 0xffL)
              | (webp[at + 5] & 0xffL) << 8
              | (webp[at + 6] & 0xffL) << 16
              | (webp[at + 7] & 0xffL) << 24;
      at += 8 + size + (size & 1);
      if (at > webp.length) {
        break;
      }
    }
    return false;
  }
}
