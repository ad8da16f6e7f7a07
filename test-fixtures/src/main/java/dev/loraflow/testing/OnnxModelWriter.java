package dev.loraflow.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models for tests and the benchmark, with a hand-written protobuf encoder
 * (ModelProto, ir_version 8, opset 13; field numbers from onnx.proto), so no Python is needed.
 */
public final class OnnxModelWriter {

  private final Message graph = new Message();

  /** A float graph input; a dimension is a size (Integer/Long) or a symbolic name (String). */
  public OnnxModelWriter input(String name, Object... dims) {
    graph.message(11, valueInfo(name, dims));
    return this;
  }

  public OnnxModelWriter output(String name, Object... dims) {
    graph.message(12, valueInfo(name, dims));
    return this;
  }

  /** A float weight tensor. */
  public OnnxModelWriter weights(String name, float[] values, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    Message tensor = new Message();
    for (long dim : dims) {
      tensor.varint(1, dim);
    }
    tensor.varint(2, 1).string(8, name).bytes(9, raw.array());
    graph.message(5, tensor);
    return this;
  }

  /** A node; {@code attributes} alternate a name and an Integer or long[] value. */
  public OnnxModelWriter node(String op, List<String> inputs, String output, Object... attributes) {
    Message node = new Message();
    inputs.forEach(input -> node.string(1, input));
    node.string(2, output).string(3, output).string(4, op);
    for (int i = 0; i < attributes.length; i += 2) {
      Message attribute = new Message().string(1, (String) attributes[i]);
      if (attributes[i + 1] instanceof long[] ints) {
        for (long value : ints) {
          attribute.varint(8, value);
        }
        attribute.varint(20, 7);
      } else {
        attribute.varint(3, ((Number) attributes[i + 1]).longValue()).varint(20, 2);
      }
      node.message(5, attribute);
    }
    graph.message(1, node);
    return this;
  }

  public void writeTo(Path file) throws IOException {
    graph.string(2, "loraflow-test");
    Message opset = new Message().string(1, "").varint(2, 13);
    Message model =
        new Message().varint(1, 8).string(2, "loraflow").message(7, graph).message(8, opset);
    Files.write(file, model.toBytes());
  }

  private static Message valueInfo(String name, Object... dims) {
    Message shape = new Message();
    for (Object dim : dims) {
      Message dimension = new Message();
      if (dim instanceof String symbol) {
        dimension.string(2, symbol);
      } else {
        dimension.varint(1, ((Number) dim).longValue());
      }
      shape.message(1, dimension);
    }
    Message tensorType = new Message().varint(1, 1).message(2, shape);
    Message type = new Message().message(1, tensorType);
    return new Message().string(1, name).message(2, type);
  }

  /** A protobuf message under construction: fields in the order added. */
  private static final class Message {
    private final List<byte[]> parts = new ArrayList<>();
    private long size;

    Message varint(int field, long value) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writeVarint(out, (long) field << 3);
      writeVarint(out, value);
      return add(out.toByteArray());
    }

    Message string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Message message(int field, Message value) {
      return bytes(field, value.toBytes());
    }

    Message bytes(int field, byte[] value) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writeVarint(out, ((long) field << 3) | 2);
      writeVarint(out, value.length);
      add(out.toByteArray());
      return add(value);
    }

    byte[] toBytes() {
      ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(size));
      parts.forEach(all::put);
      return all.array();
    }

    private Message add(byte[] part) {
      parts.add(part);
      size += part.length;
      return this;
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
