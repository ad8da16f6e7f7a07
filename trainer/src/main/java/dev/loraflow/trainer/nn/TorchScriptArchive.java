package dev.loraflow.trainer.nn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a parameterless TorchScript module ({@code torch.jit.save} format) whose one class is
 * given as TorchScript source, so libtorch ops that DJL's JNI lacks can run through {@code
 * torch::jit::load}. The archive is a zip of four records under one folder:
 *
 * <ul>
 *   <li>{@code version}: the file format version, {@code 3\n} (the oldest one torch still writes;
 *       libtorch 2.7 reads 1 to 10 and applies no operator upgrader to the ops used here);
 *   <li>{@code constants.pkl}: the tensor constants of the code, an empty tuple;
 *   <li>{@code data.pkl}: the module object, the class with its two attributes' values;
 *   <li>{@code code/__torch__.py}: the class, with the {@code training} and {@code
 *       _is_full_backward_hook} attributes every scripted module declares.
 * </ul>
 *
 * The pickles are written opcode by opcode (protocol 2, as torch writes them, less the memo).
 */
final class TorchScriptArchive {

  /** The format version written; the code uses no operator that changed since. */
  private static final String FORMAT_VERSION = "3\n";

  // Pickle opcodes (Python's pickletools names).
  private static final int PROTO = 0x80;
  private static final int GLOBAL = 'c';
  private static final int EMPTY_TUPLE = ')';
  private static final int NEWOBJ = 0x81;
  private static final int EMPTY_DICT = '}';
  private static final int MARK = '(';
  private static final int BINUNICODE = 'X';
  private static final int NEWTRUE = 0x88;
  private static final int NONE = 'N';
  private static final int SETITEMS = 'u';
  private static final int BUILD = 'b';
  private static final int STOP = '.';

  private TorchScriptArchive() {}

  /**
   * Writes the module {@code __torch__.<className>} to {@code file}; {@code methods} is the body of
   * the class (its {@code def}s), indented by two spaces.
   */
  static void write(Path file, String className, String methods) throws IOException {
    String folder = className.toLowerCase(java.util.Locale.ROOT);
    Map<String, byte[]> records = new LinkedHashMap<>();
    records.put("version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
    records.put("constants.pkl", emptyTuplePickle());
    records.put("data.pkl", modulePickle(className));
    records.put("code/__torch__.py", classSource(className, methods));
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> record : records.entrySet()) {
        writeStored(zip, folder + "/" + record.getKey(), record.getValue());
      }
    }
  }

  /** {@code ()}: PROTO 2, EMPTY_TUPLE, STOP. */
  static byte[] emptyTuplePickle() {
    return new byte[] {(byte) PROTO, 2, EMPTY_TUPLE, STOP};
  }

  /**
   * The module object: {@code GLOBAL __torch__ <className>} and {@code EMPTY_TUPLE NEWOBJ} make an
   * instance, {@code EMPTY_DICT MARK <key value>... SETITEMS} its state, {@code BUILD} sets it.
   * libtorch fills the object's attribute slots from the dict by name, so the dict holds exactly
   * the attributes the class declares: {@code training = True}, {@code _is_full_backward_hook =
   * None}.
   */
  static byte[] modulePickle(String className) {
    ByteArrayOutputStream pickle = new ByteArrayOutputStream();
    pickle.write(PROTO);
    pickle.write(2);
    pickle.write(GLOBAL);
    pickle.writeBytes(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
    pickle.write(EMPTY_TUPLE);
    pickle.write(NEWOBJ);
    pickle.write(EMPTY_DICT);
    pickle.write(MARK);
    writeBinUnicode(pickle, "training");
    pickle.write(NEWTRUE);
    writeBinUnicode(pickle, "_is_full_backward_hook");
    pickle.write(NONE);
    pickle.write(SETITEMS);
    pickle.write(BUILD);
    pickle.write(STOP);
    return pickle.toByteArray();
  }

  /** BINUNICODE: the opcode, the UTF-8 length as 4 little-endian bytes, the bytes. */
  private static void writeBinUnicode(ByteArrayOutputStream pickle, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    pickle.write(BINUNICODE);
    for (int shift = 0; shift < 32; shift += 8) {
      pickle.write(utf8.length >>> shift);
    }
    pickle.writeBytes(utf8);
  }

  private static byte[] classSource(String className, String methods) {
    String source =
        "class "
            + className
            + "(Module):\n"
            + "  __parameters__ = []\n"
            + "  __buffers__ = []\n"
            + "  training : bool\n"
            + "  _is_full_backward_hook : Optional[bool]\n"
            + methods;
    return source.getBytes(StandardCharsets.UTF_8);
  }

  /** Uncompressed, as torch writes its records (a stored entry needs its size and CRC up front). */
  private static void writeStored(ZipOutputStream zip, String name, byte[] data)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    entry.setCrc(crc.getValue());
    entry.setTime(0);
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }
}
