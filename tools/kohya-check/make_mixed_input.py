#!/usr/bin/python3
"""Writes an input folder of every kind of file check_dataset.py should see kohya read.

Formats and extensions (.png .jpg .jpeg .webp .bmp, upper case too), odd and large sizes (kohya
shrinks those with OpenCV's INTER_AREA and enlarges small ones with Pillow's LANCZOS), alpha and
palette transparency, a CMYK JPEG, 16-bit grey and RGB PNGs, grey JPEG; captions in UTF-8 with and
without a BOM, UTF-16, CRLF and several lines, Unicode, upper case, underscores, parentheses and
A1111 weights; an image without a caption, one whose caption has no tags, and a WebP that shares alpha.png's
caption.

  /usr/bin/python3 tools/kohya-check/make_mixed_input.py /tmp/mixed-in
  mvn -q compile exec:java -Dpipeline=character -Dexec.args="--input=/tmp/mixed-in \\
    --output=/tmp/mixed-out --trigger='mix chan' --escapeParentheses"
  /usr/bin/python3 tools/kohya-check/check_dataset.py --sd-scripts ~/sd-scripts /tmp/mixed-out
"""

import os
import sys

import cv2
import numpy as np
from PIL import Image


def pattern(width, height, seed):
    """A picture with edges and gradients, so resampling differences show."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 255 // max(1, width - 1), y * 255 // max(1, height - 1), (x ^ y) & 255], -1)
    blocks = rng.integers(0, 256, (height // 16 + 1, width // 16 + 1, 3))
    rgb = np.where(((x // 16 + y // 16) % 3 == 0)[..., None], blocks[y // 16, x // 16], rgb)
    return rgb.astype(np.uint8)


def write_caption(folder, stem, data):
    with open(os.path.join(folder, stem + ".txt"), "wb") as f:
        f.write(data)


def main(folder):
    os.makedirs(folder, exist_ok=True)
    rgb = lambda w, h, s: Image.fromarray(pattern(w, h, s))

    rgb(512, 512, 1).save(os.path.join(folder, "plain.png"))
    write_caption(folder, "plain", b"1girl, solo, smile")

    rgb(333, 517, 2).save(os.path.join(folder, "odd_size.jpg"), quality=92)
    write_caption(folder, "odd_size", "caf\u00e9, \u65e5\u672c\u8a9e, Red_Hair, Blue Eyes".encode("utf-8"))

    rgb(1201, 703, 3).save(os.path.join(folder, "large.jpeg"), quality=90)
    write_caption(folder, "large", b"ganyu (genshin impact), (masterpiece:1.2), smile")

    rgb(1500, 300, 4).save(os.path.join(folder, "wide.webp"), quality=90)
    write_caption(folder, "wide", b"\xef\xbb\xbfbom caption, landscape")

    rgb(640, 480, 5).save(os.path.join(folder, "bitmap.bmp"))
    write_caption(folder, "bitmap", "utf16 caption, sky".encode("utf-16-le"))

    rgb(300, 900, 6).save(os.path.join(folder, "UPPER.PNG"))
    write_caption(folder, "UPPER", b"first line, tags\r\nsecond line, ignored\r\n")

    rgb(400, 400, 7).save(os.path.join(folder, "no_caption.JPG"), quality=95)

    rgb(400, 300, 8).save(os.path.join(folder, "empty_caption.png"))
    write_caption(folder, "empty_caption", b"  \n")

    alpha = np.dstack([pattern(420, 380, 9), np.tile(np.linspace(0, 255, 420, dtype=np.uint8), (380, 1))])
    Image.fromarray(alpha, "RGBA").save(os.path.join(folder, "alpha.png"))
    write_caption(folder, "alpha", b"transparent background")

    palette = rgb(360, 360, 10).convert("P", palette=Image.ADAPTIVE, colors=16)
    palette.info["transparency"] = 0
    palette.save(os.path.join(folder, "palette.png"), transparency=0)
    write_caption(folder, "palette", b"pixel art")

    Image.fromarray(np.dstack([pattern(380, 300, 11), np.full((300, 380), 128, np.uint8)]), "RGBA").save(
        os.path.join(folder, "alpha.webp"), lossless=True
    )

    rgb(450, 350, 12).convert("CMYK").save(os.path.join(folder, "cmyk.jpg"), quality=95)
    write_caption(folder, "cmyk", b"print scan")

    grey16 = (np.linspace(0, 65535, 300 * 280).reshape(280, 300)).astype(np.uint16)
    Image.fromarray(grey16).save(os.path.join(folder, "grey16.png"))
    write_caption(folder, "grey16", b"monochrome, greyscale")

    rgb16 = pattern(320, 260, 13).astype(np.uint16) * 257 + 100
    cv2.imwrite(os.path.join(folder, "rgb16.png"), rgb16[..., ::-1])
    write_caption(folder, "rgb16", b"sixteen bits")

    rgb(500, 280, 14).convert("L").save(os.path.join(folder, "grey.jpg"), quality=90)
    write_caption(folder, "grey", b"greyscale")

    rgb(260, 1040, 15).save(os.path.join(folder, "a_b_c_d_e.png"))


if __name__ == "__main__":
    main(sys.argv[1])
