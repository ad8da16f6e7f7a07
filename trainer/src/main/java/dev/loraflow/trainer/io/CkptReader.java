package dev.loraflow.trainer.io;

import dev.loraflow.trainer.io.RestrictedUnpickler.TorchTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tensors of a PyTorch {@code .ckpt}/{@code .pt} in the zip format of torch.save since
 * 1.6: {@code <archive>/data.pkl} plus one record {@code <archive>/data/<key>} per storage. The
 * pickle goes through {@link RestrictedUnpickler}, so nothing in the file is executed.
 */
public final class CkptReader implements TensorStore {

  private static final Logger LOG = LoggerFactory.getLogger(CkptReader.class);

  private final Path file;
  private final ZipFile zip;
  private final String archive;
  private final StateDictTensors tensors;

  private CkptReader(Path file, ZipFile zip, String archive, StateDictTensors tensors) {
    this.file = file;
    this.zip = zip;
    this.archive = archive;
    this.tensors = tensors;
  }

  /**
   * Opens {@code file} and reads its pickle; throws {@link UnsafePickleException} for anything but
   * data.
   */
  public static CkptReader open(Path file) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new IOException(file + ": not a zip-format PyTorch checkpoint", e);
    }
    try {
      ZipEntry pickle =
          zip.stream()
              .filter(
                  e ->
                      e.getName().endsWith("/data.pkl")
                          && e.getName().indexOf('/') == e.getName().length() - 9)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IOException(
                          file + ": zip has no <archive>/data.pkl, not a PyTorch checkpoint"));
      String archive =
          pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
      checkLittleEndian(file, zip, archive);
      Object root = RestrictedUnpickler.loadStateDict(readEntry(zip, pickle));
      CkptReader reader = new CkptReader(file, zip, archive, new StateDictTensors(file, root));
      warnAboutPickles(file);
      return reader;
    } catch (UnsafePickleException e) {
      zip.close();
      throw new UnsafePickleException(file + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  /** A .ckpt is a pickle: say so once per file, and how to be rid of it. */
  static void warnAboutPickles(Path file) {
    LOG.warn(
        "{} is a pickle-based .ckpt. It was read by a restricted reader that runs nothing, but"
            + " Python tools that load it can run code hidden in it; convert it once with"
            + " 'convert-ckpt' and use the .safetensors from now on.",
        file);
  }

  private static void checkLittleEndian(Path file, ZipFile zip, String archive) throws IOException {
    ZipEntry order = zip.getEntry(archive + "byteorder");
    if (order != null) {
      String value = new String(readEntry(zip, order), StandardCharsets.US_ASCII).trim();
      if (!value.equals("little")) {
        throw new IOException(file + ": byte order '" + value + "' is not supported");
      }
    }
  }

  private static byte[] readEntry(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }

  @Override
  public List<TensorInfo> tensors() {
    return tensors.infos();
  }

  /** Reads the tensor's storage record and copies out its view, contiguous, little-endian. */
  @Override
  public TensorData read(String name) throws IOException {
    TorchTensor tensor = tensors.get(file, name);
    ZipEntry record = zip.getEntry(archive + "data/" + tensor.storage().key());
    if (record == null) {
      throw new IOException(
          file + ": storage record '" + tensor.storage().key() + "' of '" + name + "' is missing");
    }
    return StateDictTensors.copyOut(name, tensor, ByteBuffer.wrap(readEntry(zip, record)));
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
