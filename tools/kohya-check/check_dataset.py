#!/usr/bin/python3
"""Reads a loraflow dataset folder with kohya sd-scripts' own dataset code and compares.

What kohya trains on is what its DreamBoothDataset makes of <output>/img: the repeat count and
class token of each folder, every caption it reads (or the class token where there is no .txt),
each image's size, bucket and resized size, the tag frequencies it writes as ss_tag_frequency, and
the pixels its load_image / trim_and_resize_if_required produce. This script builds that dataset
the way train_network.py does (kohya's argument parser, BlueprintGenerator,
generate_dataset_group_by_blueprint) and compares it with

  - <output>/dataset.json: folder, repeats, class token, images, captions (and each .txt byte for
    byte), sizes, MD5s and tag frequencies;
  - loraflow's trainer on the same folder (TrainerView.java: DatasetScanner, Buckets,
    ImagePreparer): repeats, captions, sizes, buckets, resized sizes, tag frequencies and the
    training input pixels;
  - the formats Pillow opens: a mode kohya's load_image would misread (alpha, 16 bits, CMYK) is
    reported.

Not run in CI: it needs a copy of kohya-ss/sd-scripts and a Python with its dataset code's
libraries (on Debian 12: apt-get install python3-torch python3-torchvision python3-pil
python3-numpy python3-opencv python3-toml python3-voluptuous python3-tqdm python3-packaging
python3-imagesize). Libraries that only kohya's model code needs (transformers, diffusers,
accelerate, huggingface_hub, safetensors, einops) are stubbed if missing: they are imported but
never used by the dataset code.

  /usr/bin/python3 tools/kohya-check/check_dataset.py --sd-scripts ~/sd-scripts loraflow-output/demo_chan

Exit status 0 when everything agrees, 1 with each difference printed.
"""

import argparse
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import logging
import os
import subprocess
import sys
import tempfile
import types

# Needed to import library/train_util.py, never called by the dataset code.
STUBBED = ["accelerate", "transformers", "diffusers", "huggingface_hub", "safetensors", "einops"]

# Pillow modes that kohya's load_image (convert("RGB")) turns into what the file shows.
FAITHFUL_MODES = {"RGB", "L", "P"}


class _StubType(type):
    """A name from a stubbed library: any attribute, call or subscript gives another stub."""

    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _StubType(name, (), {})

    def __call__(cls, *args, **kwargs):
        return cls

    def __getitem__(cls, item):
        return cls


class _StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        value = _StubType(name, (), {})
        setattr(self, name, value)
        return value


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, roots):
        self.roots = set(roots)

    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in self.roots:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


def import_kohya(sd_scripts):
    missing = [name for name in STUBBED if importlib.util.find_spec(name) is None]
    sys.meta_path.append(_StubFinder(missing))
    sys.path.insert(0, sd_scripts)
    from library import config_util, train_util

    return train_util, config_util, missing


def kohya_dataset(train_util, config_util, img_dir, settings):
    """kohya's DreamBooth dataset of img_dir, built as train_network.py builds it."""
    parser = argparse.ArgumentParser()
    train_util.add_dataset_arguments(parser, True, True, True)
    train_util.add_training_arguments(parser, True)
    train_util.add_masked_loss_arguments(parser)
    config_util.add_config_arguments(parser)
    argv = [
        "--train_data_dir", img_dir,
        "--caption_extension", ".txt",
        "--resolution", str(settings.resolution),
        "--enable_bucket",
        "--min_bucket_reso", str(settings.min_bucket_reso),
        "--max_bucket_reso", str(settings.max_bucket_reso),
        "--bucket_reso_steps", str(settings.bucket_reso_steps),
    ]
    args = parser.parse_args(argv)
    train_util.prepare_dataset_args(args, True)
    user_config = {
        "datasets": [
            {"subsets": config_util.generate_dreambooth_subsets_config_by_subdirs(args.train_data_dir, None)}
        ]
    }
    generator = config_util.BlueprintGenerator(config_util.ConfigSanitizer(True, True, False, True))
    blueprint = generator.generate(user_config, args)
    group, _ = config_util.generate_dataset_group_by_blueprint(blueprint.dataset_group)
    assert len(group.datasets) == 1
    return group.datasets[0]


def kohya_pixels(train_util, info):
    """The 8-bit HWC image kohya feeds its VAE for info (no random crop, no flip)."""
    image = train_util.load_image(info.absolute_path)
    image, _, _ = train_util.trim_and_resize_if_required(
        False, image, info.bucket_reso, info.resized_size, info.resize_interpolation
    )
    return image


def trainer_view(repo, img_dir, pixels_dir, settings):
    classpath = trainer_classpath(repo)
    command = [
        "nice", "-n", "19", "java", "-cp", classpath, os.path.join(repo, "tools", "kohya-check", "TrainerView.java"),
        img_dir, pixels_dir, str(settings.resolution), str(settings.min_bucket_reso),
        str(settings.max_bucket_reso), str(settings.bucket_reso_steps),
    ]
    result = subprocess.run(command, check=True, capture_output=True)
    images, frequency, warnings = {}, {}, []
    for line in result.stdout.decode("ascii").splitlines():
        record = json.loads(line)
        if record["kind"] == "image":
            images[record["path"]] = record
        elif record["kind"] == "tags":
            frequency = record["frequency"]
        else:
            warnings.append(record["text"])
    return images, frequency, warnings


def trainer_classpath(repo):
    """trainer/target/classes and its dependencies, compiled and resolved offline by Maven."""
    listing = os.path.join(repo, "trainer", "target", "kohya-check.classpath")
    subprocess.run(
        ["nice", "-n", "19", "mvn", "-B", "-q", "-o", "-pl", "trainer", "-am", "compile", "dependency:build-classpath",
         "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=target/kohya-check.classpath"],
        cwd=repo, check=True,
    )
    with open(listing) as f:
        return os.path.join(repo, "trainer", "target", "classes") + os.pathsep + f.read().strip()


class Differences:
    def __init__(self):
        self.found = []

    def check(self, ok, what):
        if not ok:
            self.found.append(what)
        return ok


def md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def compare(output, settings, repo):
    train_util, config_util, stubbed = import_kohya(settings.sd_scripts)
    with open(os.path.join(output, "dataset.json"), "rb") as f:
        manifest = json.load(f)
    img_dir = os.path.join(output, "img")
    dataset = kohya_dataset(train_util, config_util, img_dir, settings)
    diff = Differences()

    # Folders: the one repeat folder of dataset.json, with its repeats and class token.
    subsets = [(s.image_dir, s.num_repeats, s.class_tokens, s.img_count) for s in dataset.subsets]
    folder = os.path.join(output, manifest["folder"])
    diff.check(
        subsets == [(folder, manifest["repeats"], manifest["classToken"], manifest["imageCount"])],
        f"kohya's subsets {subsets} != dataset.json's folder {manifest['folder']}, repeats"
        f" {manifest['repeats']}, class token {manifest['classToken']!r},"
        f" {manifest['imageCount']} images",
    )

    # Images: the same files, captions byte for byte, sizes, MD5s.
    infos = {info.absolute_path: info for info in dataset.image_data.values()}
    entries = {os.path.join(folder, e["file"]): e for e in manifest["images"]}
    diff.check(
        set(infos) == set(entries),
        f"kohya reads {sorted(set(infos) - set(entries))} that dataset.json does not list, and"
        f" not {sorted(set(entries) - set(infos))} that it lists",
    )
    formats = {}
    for path in sorted(set(infos) & set(entries)):
        info, entry = infos[path], entries[path]
        name = os.path.basename(path)
        caption_file = os.path.splitext(path)[0] + ".txt"
        if entry["caption"]:
            written = ", ".join(entry["caption"])
            diff.check(info.caption == written, f"{name}: kohya's caption {info.caption!r} != {written!r}")
            with open(caption_file, "rb") as f:
                raw = f.read()
            diff.check(raw == written.encode("utf-8"), f"{name}: {caption_file} holds {raw!r}")
        else:
            diff.check(not os.path.exists(caption_file), f"{name}: no tags but {caption_file} exists")
            diff.check(
                info.caption == manifest["classToken"],
                f"{name}: kohya captions it {info.caption!r}, not the class token",
            )
        size = (entry["width"], entry["height"])
        diff.check(tuple(info.image_size) == size, f"{name}: kohya's size {info.image_size} != {size}")
        diff.check(md5(path) == entry["md5"], f"{name}: file MD5 {md5(path)} != dataset.json's {entry['md5']}")
        formats[name] = pillow_format(path, diff)

    # Tag frequencies, as kohya writes them into ss_tag_frequency.
    kohya_tags = dataset.tag_frequency.get(os.path.basename(folder), {})
    diff.check(
        kohya_tags == manifest["tagFrequencies"],
        f"tag frequencies: kohya {sorted(kohya_tags.items())} != dataset.json"
        f" {sorted(manifest['tagFrequencies'].items())}",
    )

    # loraflow's trainer on the same folder.
    with tempfile.TemporaryDirectory() as pixels_dir:
        trainer, trainer_tags, warnings = trainer_view(repo, img_dir, pixels_dir, settings)
        diff.check(not warnings, f"trainer warnings: {warnings}")
        diff.check(
            set(trainer) == set(infos),
            f"the trainer reads {sorted(set(trainer) - set(infos))} that kohya does not, and not"
            f" {sorted(set(infos) - set(trainer))}",
        )
        pixel_report = []
        for path in sorted(set(trainer) & set(infos)):
            mine, info = trainer[path], infos[path]
            name = os.path.basename(path)
            theirs = {
                "repeats": info.num_repeats,
                "caption": info.caption,
                "size": list(info.image_size),
                "bucket": list(info.bucket_reso),
                "resized": list(info.resized_size),
            }
            for key, value in theirs.items():
                diff.check(mine[key] == value, f"{name}: trainer's {key} {mine[key]!r} != kohya's {value!r}")
            pixel_report.append((name, compare_pixels(train_util, info, mine, diff)))
        diff.check(
            trainer_tags == dataset.tag_frequency,
            f"tag frequencies: trainer {trainer_tags} != kohya {dataset.tag_frequency}",
        )

    print(f"kohya sd-scripts at {settings.sd_scripts}; stubbed (not installed): {', '.join(stubbed) or 'none'}")
    print(f"{output}: {len(infos)} images in {[os.path.basename(s[0]) for s in subsets]}")
    for name, (fmt, mode) in sorted(formats.items()):
        bucket = infos[os.path.join(folder, name)].bucket_reso
        pixels = dict(pixel_report).get(name, "-")
        print(f"  {name}: {fmt} {mode}, bucket {bucket[0]}x{bucket[1]}, trainer pixels {pixels}")
    if diff.found:
        print(f"{len(diff.found)} difference(s):")
        for what in diff.found:
            print("  " + what)
        return 1
    print("kohya, dataset.json and the trainer agree: repeats, class token, captions (bytes),"
          " sizes, MD5s, tag frequencies, buckets, resized sizes, pixels")
    return 0


def pillow_format(path, diff):
    from PIL import Image

    with Image.open(path) as image:
        fmt, mode = image.format, image.mode
        transparent = "transparency" in image.info
    diff.check(
        mode in FAITHFUL_MODES and not transparent,
        f"{os.path.basename(path)}: Pillow opens it as {fmt} {mode}"
        f"{' with transparency' if transparent else ''}, which kohya's convert('RGB') misreads",
    )
    return fmt, mode


def compare_pixels(train_util, info, mine, diff):
    """Largest difference of the training input, in 8-bit steps, between trainer and kohya."""
    import numpy as np

    theirs = kohya_pixels(train_util, info).astype(np.int16)
    with open(mine["pixels"], "rb") as f:
        ours = np.frombuffer(f.read(), np.uint8).reshape(theirs.shape).astype(np.int16)
    delta = np.abs(ours - theirs)
    largest = int(delta.max())
    off = float((delta > 1).mean())
    diff.check(
        largest <= 1,
        f"{os.path.basename(info.absolute_path)}: training input differs by up to {largest}"
        f" (8-bit steps; {off:.2%} of the values by more than 1)",
    )
    return f"max |diff| {largest}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", help="a loraflow output folder (dataset.json, img/)")
    parser.add_argument("--sd-scripts", required=True, help="a copy of kohya-ss/sd-scripts")
    parser.add_argument("--resolution", type=int, default=512)
    parser.add_argument("--min-bucket-reso", dest="min_bucket_reso", type=int, default=256)
    parser.add_argument("--max-bucket-reso", dest="max_bucket_reso", type=int, default=1024)
    parser.add_argument("--bucket-reso-steps", dest="bucket_reso_steps", type=int, default=64)
    settings = parser.parse_args()
    logging.disable(logging.WARNING)  # kohya's progress and per-image notes
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(compare(os.path.abspath(settings.output), settings, repo))


if __name__ == "__main__":
    main()
