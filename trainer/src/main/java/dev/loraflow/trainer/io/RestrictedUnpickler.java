package dev.loraflow.trainer.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pickle reader that understands only what PyTorch state dicts contain: dicts, lists, tuples,
 * strings, numbers, {@code collections.OrderedDict}, tensors rebuilt by {@code
 * torch._utils._rebuild_tensor_v2} / {@code _rebuild_parameter}, storage types and persistent ids.
 * It interprets opcodes as data and never runs anything: any other global is refused with an {@link
 * UnsafePickleException} naming it, before anything could be called.
 *
 * <p>Values come back as Java objects: {@link Map} (dicts, insertion-ordered), {@link List}
 * (lists), {@link Tuple}, {@link String}, {@link Long}, {@link Double}, {@link Boolean}, {@code
 * null}, {@code byte[]}, {@link TorchStorage} and {@link TorchTensor}.
 */
public final class RestrictedUnpickler {

  /** A pickled tuple, kept apart from lists because the rebuild functions take tuples. */
  public record Tuple(List<Object> items) {
    public Object get(int i) {
      return items.get(i);
    }
  }

  /**
   * A storage named by a persistent id: its element type, the record holding it, and, for the
   * legacy format's storage views, where the view starts in that record (in elements).
   */
  public record TorchStorage(Dtype dtype, String key, long elementCount, long viewOffset) {}

  /** A tensor as a view into a storage (offset and strides in elements). */
  public record TorchTensor(TorchStorage storage, long offset, long[] shape, long[] stride) {}

  /** The callables a state dict may name, and nothing else. */
  private enum Global {
    ORDERED_DICT,
    REBUILD_TENSOR_V2,
    REBUILD_PARAMETER
  }

  private static final Map<String, Object> ALLOWED = allowedGlobals();

  private static Map<String, Object> allowedGlobals() {
    Map<String, Object> allowed = new HashMap<>();
    allowed.put("collections.OrderedDict", Global.ORDERED_DICT);
    allowed.put("torch._utils._rebuild_tensor_v2", Global.REBUILD_TENSOR_V2);
    allowed.put("torch._utils._rebuild_parameter", Global.REBUILD_PARAMETER);
    allowed.put("torch.FloatStorage", Dtype.F32);
    allowed.put("torch.HalfStorage", Dtype.F16);
    allowed.put("torch.BFloat16Storage", Dtype.BF16);
    allowed.put("torch.DoubleStorage", Dtype.F64);
    allowed.put("torch.LongStorage", Dtype.I64);
    allowed.put("torch.IntStorage", Dtype.I32);
    allowed.put("torch.ShortStorage", Dtype.I16);
    allowed.put("torch.CharStorage", Dtype.I8);
    allowed.put("torch.ByteStorage", Dtype.U8);
    allowed.put("torch.BoolStorage", Dtype.BOOL);
    return Map.copyOf(allowed);
  }

  private final ByteBuffer in;
  private final Function<Tuple, Object> persistentLoad;
  private final Deque<Object> stack = new ArrayDeque<>();
  private final Deque<Deque<Object>> marks = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();

  private RestrictedUnpickler(ByteBuffer in, Function<Tuple, Object> persistentLoad) {
    this.in = in.order(ByteOrder.LITTLE_ENDIAN);
    this.persistentLoad = persistentLoad;
  }

  /**
   * Reads a PyTorch {@code data.pkl}, resolving {@code ('storage', type, key, location, n)} ids.
   */
  public static Object loadStateDict(byte[] pickle) throws IOException {
    return new RestrictedUnpickler(
            ByteBuffer.wrap(pickle), RestrictedUnpickler::storageFromPersistentId)
        .run();
  }

  /**
   * Reads pickles one after another from {@code in} (the legacy torch.save format writes five in a
   * row), leaving {@code in} positioned after the last one read.
   */
  public static RestrictedUnpickler sequence(ByteBuffer in) {
    return new RestrictedUnpickler(in, RestrictedUnpickler::storageFromPersistentId);
  }

  /** The next pickle of a {@link #sequence}. */
  public Object next() throws IOException {
    stack.clear();
    marks.clear();
    memo.clear();
    return run();
  }

  /**
   * ('storage', type, key, location, size) in zip checkpoints; the legacy format adds a sixth item,
   * None or (view key, offset, view size) for a view into the storage.
   */
  private static Object storageFromPersistentId(Tuple id) {
    if (id.items().size() < 5
        || !"storage".equals(id.get(0))
        || !(id.get(1) instanceof Dtype dtype)) {
      // Containers are named by type only: printing them would walk whatever the pickle built.
      throw new PickleDataException(
          "unsupported persistent id "
              + id.items().stream()
                  .map(
                      item ->
                          item instanceof Map || item instanceof List || item instanceof Tuple
                              ? describe(item)
                              : String.valueOf(item))
                  .toList());
    }
    String key = String.valueOf(id.get(2));
    if (id.items().size() > 5 && id.get(5) instanceof Tuple view) {
      return new TorchStorage(
          dtype, key, ((Number) view.get(2)).longValue(), ((Number) view.get(1)).longValue());
    }
    return new TorchStorage(dtype, key, ((Number) id.get(4)).longValue(), 0);
  }

  /** A structural problem in the pickle, reported as an IOException by {@link #run()}. */
  private static final class PickleDataException extends RuntimeException {
    PickleDataException(String message) {
      super(message);
    }
  }

  private Object run() throws IOException {
    try {
      while (true) {
        int op = in.get() & 0xFF;
        if (op == '.') { // STOP
          Object value = pop();
          PickleShape.check(value);
          return value;
        }
        step(op);
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IOException("pickle ends in the middle of an opcode at byte " + in.position(), e);
    } catch (PickleDataException
        | ClassCastException
        | NullPointerException
        | java.util.NoSuchElementException
        | IndexOutOfBoundsException e) {
      throw new IOException(
          "malformed pickle near byte " + in.position() + ": " + e.getMessage(), e);
    }
  }

  private void step(int op) throws IOException {
    switch (op) {
      case 0x80 -> in.get(); // PROTO n
      case 0x95 -> in.getLong(); // FRAME length: framing only
      case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
      case ']' -> push(new ArrayList<>()); // EMPTY_LIST
      case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
      case '(' -> { // MARK
        marks.push(new ArrayDeque<>(stack));
        stack.clear();
      }
      case 'N' -> push(null);
      case 0x88 -> push(Boolean.TRUE);
      case 0x89 -> push(Boolean.FALSE);
      case 'K' -> push((long) (in.get() & 0xFF)); // BININT1
      case 'M' -> push((long) (in.getShort() & 0xFFFF)); // BININT2
      case 'J' -> push((long) in.getInt()); // BININT
      case 0x8a -> push(readInteger(in.get() & 0xFF)); // LONG1
      case 0x8b -> push(readInteger(lengthOf(in.getInt()))); // LONG4
      case 'G' ->
          push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
      case 'X' -> push(utf8(lengthOf(in.getInt()))); // BINUNICODE
      case 0x8c -> push(utf8(in.get() & 0xFF)); // SHORT_BINUNICODE
      case 0x8d -> push(utf8(lengthOf(in.getLong()))); // BINUNICODE8
      case 'T' ->
          push(new String(bytes(lengthOf(in.getInt())), StandardCharsets.ISO_8859_1)); // BINSTRING
      case 'U' ->
          push(new String(bytes(in.get() & 0xFF), StandardCharsets.ISO_8859_1)); // SHORT_BINSTRING
      case 'B' -> push(bytes(lengthOf(in.getInt()))); // BINBYTES
      case 'C' -> push(bytes(in.get() & 0xFF)); // SHORT_BINBYTES
      case 't' -> push(new Tuple(popMark())); // TUPLE
      case 0x85 -> push(tupleOf(1)); // TUPLE1
      case 0x86 -> push(tupleOf(2)); // TUPLE2
      case 0x87 -> push(tupleOf(3)); // TUPLE3
      case 'l' -> push(new ArrayList<>(popMark())); // LIST
      case 'd' -> push(dictOf(popMark())); // DICT
      case 'a' -> { // APPEND
        Object value = pop();
        asList(peek()).add(value);
      }
      case 'e' -> { // APPENDS
        List<Object> values = popMark();
        asList(peek()).addAll(values);
      }
      case 's' -> { // SETITEM
        Object value = pop();
        Object key = pop();
        PickleShape.requireKey(key);
        asDict(peek()).put(key, value);
      }
      case 'u' -> { // SETITEMS
        List<Object> items = popMark();
        asDict(peek()).putAll(dictOf(items));
      }
      case 'q' -> memo.put((long) (in.get() & 0xFF), peek()); // BINPUT
      case 'r' -> memo.put(in.getInt() & 0xFFFFFFFFL, peek()); // LONG_BINPUT
      case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
      case 'h' -> push(memoGet(in.get() & 0xFF)); // BINGET
      case 'j' -> push(memoGet(in.getInt() & 0xFFFFFFFFL)); // LONG_BINGET
      case '0' -> pop(); // POP
      case '1' -> popMark(); // POP_MARK
      case '2' -> push(peek()); // DUP
      case 'c' -> push(global(readLine(), readLine())); // GLOBAL module\nname\n
      case 0x93 -> { // STACK_GLOBAL
        String name = (String) pop();
        String module = (String) pop();
        push(global(module, name));
      }
      case 'Q' -> push(persistentLoad.apply(asTuple(pop()))); // BINPERSID
      case 'R' -> { // REDUCE
        Tuple args = asTuple(pop());
        push(call(pop(), args));
      }
      case 'b' -> { // BUILD: only OrderedDict's attribute dict (e.g. _metadata) arrives here
        Object state = pop();
        if (!(peek() instanceof Map) || !(state instanceof Map || state == null)) {
          throw new UnsafePickleException(
              "pickle asks to set state on " + describe(peek()) + "; refused");
        }
      }
      default ->
          throw new UnsafePickleException(
              String.format(
                  "pickle opcode 0x%02x at byte %d is not used by state dicts; refused",
                  op, in.position() - 1));
    }
  }

  private static Object global(String module, String name) throws UnsafePickleException {
    String qualified = module + "." + name;
    Object allowed = ALLOWED.get(qualified);
    if (allowed == null) {
      throw new UnsafePickleException(
          "refusing global '"
              + qualified
              + "': a .ckpt is a Python pickle that can run code when"
              + " loaded, and this one names something a plain state dict never needs. Nothing"
              + " was run. Only load checkpoints you trust, and prefer .safetensors.");
    }
    return allowed;
  }

  private static Object call(Object callable, Tuple args) throws UnsafePickleException {
    if (callable == Global.ORDERED_DICT) {
      return new LinkedHashMap<>();
    }
    if (callable == Global.REBUILD_TENSOR_V2) {
      // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
      return new TorchTensor(
          (TorchStorage) args.get(0),
          ((Number) args.get(1)).longValue(),
          longs(args.get(2)),
          longs(args.get(3)));
    }
    if (callable == Global.REBUILD_PARAMETER) {
      return args.get(0); // (data, requires_grad, backward_hooks): the tensor is the data
    }
    throw new UnsafePickleException(
        "pickle calls " + describe(callable) + ", which is not a function; refused");
  }

  private static long[] longs(Object tuple) {
    return asTuple(tuple).items().stream().mapToLong(v -> ((Number) v).longValue()).toArray();
  }

  private static String describe(Object value) {
    return value == null ? "None" : value.getClass().getSimpleName();
  }

  private Object memoGet(long index) {
    if (!memo.containsKey(index)) {
      throw new PickleDataException("memo slot " + index + " is empty");
    }
    return memo.get(index);
  }

  private Tuple tupleOf(int n) {
    Object[] items = new Object[n];
    for (int i = n - 1; i >= 0; i--) {
      items[i] = pop();
    }
    return new Tuple(Arrays.asList(items));
  }

  private static Map<Object, Object> dictOf(List<Object> keysAndValues)
      throws UnsafePickleException {
    if (keysAndValues.size() % 2 != 0) {
      throw new PickleDataException("dict items come in pairs, got " + keysAndValues.size());
    }
    Map<Object, Object> dict = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.size(); i += 2) {
      PickleShape.requireKey(keysAndValues.get(i));
      dict.put(keysAndValues.get(i), keysAndValues.get(i + 1));
    }
    return dict;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object value) {
    if (!(value instanceof List)) {
      throw new PickleDataException("expected a list, found " + describe(value));
    }
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> asDict(Object value) {
    if (!(value instanceof Map)) {
      throw new PickleDataException("expected a dict, found " + describe(value));
    }
    return (Map<Object, Object>) value;
  }

  private static Tuple asTuple(Object value) {
    if (!(value instanceof Tuple tuple)) {
      throw new PickleDataException("expected a tuple, found " + describe(value));
    }
    return tuple;
  }

  private void push(Object value) {
    stack.push(value == null ? NullValue.INSTANCE : value);
  }

  private Object pop() {
    if (stack.isEmpty()) {
      throw new PickleDataException("stack underflow");
    }
    Object value = stack.pop();
    return value == NullValue.INSTANCE ? null : value;
  }

  private Object peek() {
    if (stack.isEmpty()) {
      throw new PickleDataException("stack underflow");
    }
    Object value = stack.peek();
    return value == NullValue.INSTANCE ? null : value;
  }

  /** Pops everything pushed since the last MARK, oldest first, and restores the outer stack. */
  private List<Object> popMark() {
    if (marks.isEmpty()) {
      throw new PickleDataException("no mark to pop to");
    }
    List<Object> items = new ArrayList<>(stack.size());
    while (!stack.isEmpty()) {
      Object value = stack.pollLast();
      items.add(value == NullValue.INSTANCE ? null : value);
    }
    stack.addAll(marks.pop());
    return items;
  }

  /** ArrayDeque refuses null, so None is held as this marker. */
  private enum NullValue {
    INSTANCE
  }

  /**
   * A little-endian two's complement integer: Long when it fits, BigInteger (e.g. torch's magic
   * number) otherwise.
   */
  private Number readInteger(int length) {
    if (length > 8) {
      if (length > 64) {
        throw new PickleDataException("integer of " + length + " bytes is too large");
      }
      byte[] bigEndian = bytes(length);
      for (int i = 0, j = length - 1; i < j; i++, j--) {
        byte swap = bigEndian[i];
        bigEndian[i] = bigEndian[j];
        bigEndian[j] = swap;
      }
      return new java.math.BigInteger(bigEndian);
    }
    byte[] bytes = bytes(length);
    long value = 0;
    for (int i = length - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    if (length > 0 && length < 8 && (bytes[length - 1] & 0x80) != 0) {
      value -= 1L << (8 * length); // two's complement sign
    }
    return value;
  }

  private static int lengthOf(long length) {
    if (length < 0 || length > Integer.MAX_VALUE) {
      throw new PickleDataException("invalid length " + length);
    }
    return (int) length;
  }

  private byte[] bytes(int length) {
    if (length > in.remaining()) {
      throw new PickleDataException("length " + length + " goes past the end of the pickle");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private String utf8(int length) {
    return new String(bytes(length), StandardCharsets.UTF_8);
  }

  private String readLine() {
    StringBuilder line = new StringBuilder();
    for (byte b = in.get(); b != '\n'; b = in.get()) {
      line.append((char) (b & 0xFF));
    }
    return line.toString();
  }
}
