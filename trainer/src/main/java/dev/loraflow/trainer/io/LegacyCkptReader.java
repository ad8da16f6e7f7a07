package dev.loraflow.trainer.io;

import dev.loraflow.trainer.io.RestrictedUnpickler.TorchStorage;
import dev.loraflow.trainer.io.RestrictedUnpickler.TorchTensor;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads checkpoints in torch.save's legacy format (before torch 1.6, still found in old SD files):
 * five pickles in a row (magic number, protocol version, system info, the state dict, the list of
 * storage keys), then each storage as an int64 element count followed by its raw bytes. The pickles
 * go through {@link RestrictedUnpickler}; storages are memory-mapped with long offsets.
 */
public final class LegacyCkptReader implements TensorStore {

  private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final long PROTOCOL_VERSION = 1001;

  private final Path file;
  private final FileChannel channel;
  private final StateDictTensors tensors;
  private final Map<String, Region> storages;

  /** Where a storage's bytes lie in the file. */
  private record Region(long start, long length) {}

  private LegacyCkptReader(
      Path file, FileChannel channel, StateDictTensors tensors, Map<String, Region> storages) {
    this.file = file;
    this.channel = channel;
    this.tensors = tensors;
    this.storages = storages;
  }

  public static LegacyCkptReader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return read(file, channel);
    } catch (UnsafePickleException e) {
      channel.close();
      throw new UnsafePickleException(file + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static LegacyCkptReader read(Path file, FileChannel channel) throws IOException {
    // the pickles sit at the start; the first 2 GiB always hold them
    ByteBuffer head =
        channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(channel.size(), Integer.MAX_VALUE));
    RestrictedUnpickler pickles = RestrictedUnpickler.sequence(head);
    if (!MAGIC.equals(asBig(pickles.next()))) {
      throw new IOException(file + ": not a PyTorch checkpoint (wrong magic number)");
    }
    Object protocol = pickles.next();
    if (!(protocol instanceof Long version) || version != PROTOCOL_VERSION) {
      throw new IOException(file + ": unsupported legacy protocol version " + protocol);
    }
    if (pickles.next() instanceof Map<?, ?> sysInfo
        && Boolean.FALSE.equals(sysInfo.get("little_endian"))) {
      throw new IOException(file + ": big-endian checkpoints are not supported");
    }
    StateDictTensors tensors = new StateDictTensors(file, pickles.next());
    if (!(pickles.next() instanceof List<?> keys)) {
      throw new IOException(file + ": storage key list missing");
    }
    LegacyCkptReader reader =
        new LegacyCkptReader(
            file, channel, tensors, storageRegions(file, channel, head.position(), keys, tensors));
    CkptReader.warnAboutPickles(file);
    return reader;
  }

  private static BigInteger asBig(Object value) {
    return value instanceof BigInteger big
        ? big
        : value instanceof Long l ? BigInteger.valueOf(l) : null;
  }

  /** Walks the storages after the pickles: each is an int64 element count, then its data. */
  private static Map<String, Region> storageRegions(
      Path file, FileChannel channel, long position, List<?> keys, StateDictTensors tensors)
      throws IOException {
    Map<String, Integer> elementSize = new HashMap<>();
    for (TorchTensor tensor : tensors.byName().values()) {
      TorchStorage storage = tensor.storage();
      elementSize.put(storage.key(), storage.dtype().byteSize());
    }
    Map<String, Region> regions = new HashMap<>();
    ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    for (Object key : keys) {
      Integer size = elementSize.get(String.valueOf(key));
      if (size == null) {
        throw new IOException(
            file + ": storage '" + key + "' is used by no tensor, its element size is unknown");
      }
      count.clear();
      if (channel.read(count, position) != 8) {
        throw new IOException(file + ": truncated before storage '" + key + "'");
      }
      long elements = count.getLong(0);
      long end;
      try {
        end = Math.addExact(position + 8, Math.multiplyExact(elements, (long) size));
      } catch (ArithmeticException e) {
        end = -1;
      }
      if (elements < 0 || end < 0 || end > channel.size()) {
        throw new IOException(
            file
                + ": storage '"
                + key
                + "' of "
                + elements
                + " elements goes past the end of the file");
      }
      regions.put(String.valueOf(key), new Region(position + 8, end - position - 8));
      position = end;
    }
    return regions;
  }

  @Override
  public List<TensorInfo> tensors() {
    return tensors.infos();
  }

  @Override
  public TensorData read(String name) throws IOException {
    TorchTensor tensor = tensors.get(file, name);
    Region region = storages.get(tensor.storage().key());
    if (region == null) {
      throw new IOException(
          file + ": storage '" + tensor.storage().key() + "' of '" + name + "' was not saved");
    }
    if (region.length() > Integer.MAX_VALUE) {
      throw new IOException(
          file + ": storage of '" + name + "' is over 2 GiB, which is not supported");
    }
    ByteBuffer storage =
        channel.map(FileChannel.MapMode.READ_ONLY, region.start(), region.length());
    return StateDictTensors.copyOut(name, tensor, storage);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
