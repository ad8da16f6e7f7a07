package dev.loraflow.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Latents encoded once per (image content, bucket, resize, flip, model) and then reused: in memory,
 * or as {@code <sha256 key>.npy} files in a folder, so a rerun or a resumed run encodes nothing
 * again. The key hashes the image file's bytes (not its path), the bucket and resize sizes, the
 * flip, the caller's model fingerprint and this class's preparation version.
 *
 * <p>It stores exactly what the {@link LatentEncoder} returns. kohya caches one sample of the
 * latent distribution, unscaled (before {@code x 0.18215}), so pass an encoder that returns that
 * and scale at training time. Not thread-safe: train on one thread.
 */
public final class LatentCache {

  /** Changes whenever {@link ImagePreparer}'s output changes, so stale latents are not reused. */
  private static final String PREPARATION_VERSION = "loraflow-latents-1";

  private final LatentEncoder encoder;
  private final String modelFingerprint;
  private final Path dir;
  private final Map<String, float[]> memory = new HashMap<>();
  private final Map<Path, String> contentHashes = new HashMap<>();

  private LatentCache(LatentEncoder encoder, String modelFingerprint, Path dir) {
    if (modelFingerprint == null || modelFingerprint.isEmpty()) {
      throw new IllegalArgumentException(
          "LatentCache: the model fingerprint must name the VAE, e.g. its sha256");
    }
    this.encoder = encoder;
    this.modelFingerprint = modelFingerprint;
    this.dir = dir;
  }

  /** Latents kept on the heap for the life of this object. */
  public static LatentCache inMemory(LatentEncoder encoder, String modelFingerprint) {
    return new LatentCache(encoder, modelFingerprint, null);
  }

  /** Latents kept in {@code dir} (created if missing), shared by every cache on that folder. */
  public static LatentCache onDisk(Path dir, LatentEncoder encoder, String modelFingerprint)
      throws IOException {
    Files.createDirectories(dir);
    return new LatentCache(encoder, modelFingerprint, dir);
  }

  /**
   * The latents of {@code image}, prepared and encoded on the first request only.
   *
   * @param flip whether the image is mirrored before encoding (flip augmentation)
   * @return a copy the caller may change
   * @throws IOException naming the image or cache file that cannot be read
   */
  public float[] latents(BatchImage image, boolean flip) throws IOException {
    String key = key(image, flip);
    if (dir == null) {
      float[] cached = memory.get(key);
      if (cached == null) {
        cached = encode(image, flip);
        memory.put(key, cached);
      }
      return cached.clone();
    }
    Path file = dir.resolve(key + ".npy");
    if (Files.isRegularFile(file)) {
      return NpyFloats.decode(Files.readAllBytes(file), "latent cache file " + file);
    }
    float[] latents = encode(image, flip);
    writeAtomically(file, NpyFloats.encode(latents));
    return latents;
  }

  private float[] encode(BatchImage image, boolean flip) throws IOException {
    PreparedImage prepared = ImagePreparer.prepare(image.image().path(), image.fit(), flip);
    return encoder.encode(prepared.chw(), prepared.height(), prepared.width()).clone();
  }

  private String key(BatchImage image, boolean flip) throws IOException {
    String content = contentHashes.get(image.image().path());
    if (content == null) {
      content = sha256(Files.readAllBytes(image.image().path()));
      contentHashes.put(image.image().path(), content);
    }
    String description =
        String.join(
            "\n",
            PREPARATION_VERSION,
            modelFingerprint,
            content,
            "bucket " + image.fit().bucket(),
            "resized " + image.fit().resized(),
            "flip " + flip);
    return sha256(description.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path partial =
        Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
    try {
      Files.write(partial, bytes);
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
