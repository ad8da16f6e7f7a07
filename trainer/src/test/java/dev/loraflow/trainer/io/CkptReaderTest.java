package dev.loraflow.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.trainer.testing.TorchZipWriter;
import dev.loraflow.trainer.testing.TorchZipWriter.PickleBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CkptReaderTest {

  @TempDir Path dir;

  @Test
  void lightningStateDict_readsEveryTensor() throws Exception {
    InMemoryTensors tensors =
        new InMemoryTensors()
            .put(TensorData.ofFloats("model.a.weight", new long[] {2, 2}, new float[] {1, 2, 3, 4}))
            .put(TensorData.ofFloats("model.b.bias", new long[] {3}, new float[] {-1, 0.5f, 7}));
    Path ckpt = dir.resolve("m.ckpt");
    TorchZipWriter.write(ckpt, tensors);

    try (CkptReader reader = CkptReader.open(ckpt)) {
      assertThat(reader.tensors()).containsExactlyElementsOf(tensors.tensors());
      assertThat(reader.read("model.b.bias").toFloatArray()).containsExactly(-1, 0.5f, 7);
      assertThat(reader.read("model.a.weight").sameAs(tensors.read("model.a.weight"))).isTrue();
    }
  }

  @Test
  void stridedView_isCopiedInRowMajorOrder() throws Exception {
    // storage 0..5 viewed as the transpose of a 3x2 matrix: shape [2,3], strides [1,2]
    Path ckpt = dir.resolve("view.ckpt");
    TorchZipWriter.writeView(
        ckpt, "t", new float[] {0, 1, 2, 3, 4, 5}, new long[] {2, 3}, new long[] {1, 2});

    try (CkptReader reader = CkptReader.open(ckpt)) {
      assertThat(reader.read("t").toFloatArray()).containsExactly(0, 2, 4, 1, 3, 5);
    }
  }

  @Test
  void expandedView_isCopiedOutDense() throws Exception {
    // torch.tensor([1., 2., 3.]).expand(2, 3): stride 0 repeats the storage's rows
    Path ckpt = dir.resolve("expanded.ckpt");
    TorchZipWriter.writeView(
        ckpt, "t", new float[] {1, 2, 3}, new long[] {2, 3}, new long[] {0, 1});

    try (CkptReader reader = CkptReader.open(ckpt)) {
      assertThat(reader.read("t").toFloatArray()).containsExactly(1, 2, 3, 1, 2, 3);
    }
  }

  @Test
  void viewOfOneFloatOver2GiB_isRefusedWithAnIoException() throws Exception {
    // an ArithmeticException escaped from the copy (the pickle is in CkptReaderFuzzTest's inputs)
    Path ckpt = dir.resolve("huge-view.ckpt");
    TorchZipWriter.writeView(ckpt, "t", new float[] {1}, new long[] {1L << 29}, new long[] {0});

    try (CkptReader reader = CkptReader.open(ckpt)) {
      assertThatThrownBy(() -> reader.read("t"))
          .isInstanceOf(java.io.IOException.class)
          .hasMessage("tensor 't' is 2147483648 bytes; tensors over 2 GiB are not supported");
    }
  }

  @Test
  void viewRepeatingItsStoragePastTheBound_isRefusedBeforeAllocating() throws Exception {
    Path ckpt = dir.resolve("repeated-view.ckpt");
    long elements = StateDictTensors.MAX_EXPANDED_BYTES / 4 + 1;
    TorchZipWriter.writeView(ckpt, "t", new float[] {1}, new long[] {elements}, new long[] {0});

    try (CkptReader reader = CkptReader.open(ckpt)) {
      assertThatThrownBy(() -> reader.read("t"))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("repeats its 4-byte storage (a stride-0 view)");
    }
  }

  @Test
  void byteViewWhoseLastElementIsAtLongMax_isRefusedWithAnIoException() throws Exception {
    // (Long.MAX_VALUE + 1) x 1 byte wrapped to a size that "fit", and an ArithmeticException
    // escaped (the pickle is in CkptReaderFuzzTest's inputs)
    PickleBuilder pickle = new PickleBuilder().proto(2).emptyDict().mark().string("t");
    pickle.global("torch._utils", "_rebuild_tensor_v2").mark();
    pickle.mark().string("storage").global("torch", "ByteStorage").string("0").string("cpu");
    pickle.integer(2).tuple().persId();
    pickle.integer(0).longTuple(new long[] {2}).longTuple(new long[] {Long.MAX_VALUE});
    pickle.bool(false).global("collections", "OrderedDict").emptyTuple().reduce();
    pickle.tuple().reduce().setItems().stop();
    Path ckpt = dir.resolve("long-max-stride.ckpt");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(ckpt))) {
      zip.putNextEntry(new ZipEntry("archive/data.pkl"));
      zip.write(pickle.bytes());
      zip.putNextEntry(new ZipEntry("archive/data/0"));
      zip.write(new byte[64]);
    }

    try (CkptReader reader = CkptReader.open(ckpt)) {
      assertThatThrownBy(() -> reader.read("t"))
          .isInstanceOf(java.io.IOException.class)
          .hasMessage("tensor 't' reads outside its storage (64 bytes)");
    }
  }

  @Test
  void convertCommand_writesTheSameTensorsAsSafetensors() throws Exception {
    InMemoryTensors tensors =
        new InMemoryTensors()
            .put(TensorData.ofFloats("x.weight", new long[] {1, 3}, new float[] {0.25f, -8, 9}));
    Path ckpt = dir.resolve("model.ckpt");
    TorchZipWriter.write(ckpt, tensors);

    int exit =
        new picocli.CommandLine(new dev.loraflow.trainer.cli.ConvertCkptCommand())
            .execute(ckpt.toString());

    assertThat(exit).isZero();
    try (SafetensorsReader converted = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
      assertThat(converted.read("x.weight").sameAs(tensors.read("x.weight"))).isTrue();
      assertThat(converted.metadata()).containsEntry("format", "pt");
    }
  }

  @Test
  void convertCommand_convertsALegacyCheckpointToo() throws Exception {
    InMemoryTensors tensors =
        new InMemoryTensors()
            .put(TensorData.ofFloats("x.weight", new long[] {2}, new float[] {1.5f, -3}));
    Path ckpt = dir.resolve("old.ckpt");
    TorchZipWriter.writeLegacy(ckpt, tensors);
    Path out = dir.resolve("converted.safetensors");

    int exit =
        new picocli.CommandLine(new dev.loraflow.trainer.cli.ConvertCkptCommand())
            .execute(ckpt.toString(), "--output", out.toString());

    assertThat(exit).isZero();
    try (SafetensorsReader converted = SafetensorsReader.open(out)) {
      assertThat(converted.read("x.weight").sameAs(tensors.read("x.weight"))).isTrue();
    }
  }

  @Test
  void osSystemViaReduce_isRefusedAndNothingRuns() throws Exception {
    Path marker = dir.resolve("pwned");
    byte[] pickle =
        new PickleBuilder()
            .proto(2)
            .global("os", "system")
            .mark()
            .string("touch " + marker)
            .tuple()
            .reduce()
            .stop()
            .bytes();
    Path ckpt = dir.resolve("evil.ckpt");
    TorchZipWriter.writeRawPickle(ckpt, pickle);

    assertThatThrownBy(() -> CkptReader.open(ckpt))
        .isInstanceOf(UnsafePickleException.class)
        .hasMessageContaining("refusing global 'os.system'")
        .hasMessageContaining("Nothing was run");
    assertThat(marker).doesNotExist();
  }

  @Test
  void evilGlobalHiddenInsideAStateDict_isRefused() throws Exception {
    byte[] pickle =
        new PickleBuilder()
            .proto(2)
            .emptyDict()
            .mark()
            .string("model.w")
            .global("builtins", "eval")
            .mark()
            .string("1+1")
            .tuple()
            .reduce()
            .setItems()
            .stop()
            .bytes();
    Path ckpt = dir.resolve("hidden.ckpt");
    TorchZipWriter.writeRawPickle(ckpt, pickle);

    assertThatThrownBy(() -> CkptReader.open(ckpt))
        .isInstanceOf(UnsafePickleException.class)
        .hasMessageContaining("'builtins.eval'");
  }

  @Test
  void convertCommand_refusesAMaliciousCheckpoint() throws Exception {
    byte[] pickle =
        new PickleBuilder()
            .proto(2)
            .global("posix", "system")
            .mark()
            .string("id")
            .tuple()
            .reduce()
            .stop()
            .bytes();
    Path ckpt = dir.resolve("evil.ckpt");
    TorchZipWriter.writeRawPickle(ckpt, pickle);

    int exit =
        new picocli.CommandLine(new dev.loraflow.trainer.cli.ConvertCkptCommand())
            .execute(ckpt.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(dir.resolve("evil.safetensors")).doesNotExist();
  }

  @Test
  void truncatedPickle_givesAClearError() throws Exception {
    byte[] pickle = new PickleBuilder().proto(2).emptyDict().op('X').bytes();
    Path ckpt = dir.resolve("cut.ckpt");
    TorchZipWriter.writeRawPickle(ckpt, pickle);

    assertThatThrownBy(() -> CkptReader.open(ckpt))
        .hasMessageContaining("pickle ends in the middle");
  }

  @Test
  void notAZip_isRefusedByTheZipReader() throws Exception {
    Path ckpt = dir.resolve("old.ckpt");
    Files.write(ckpt, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10});

    assertThatThrownBy(() -> CkptReader.open(ckpt))
        .hasMessageContaining("not a zip-format PyTorch checkpoint");
  }
}
