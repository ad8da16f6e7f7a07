package dev.loraflow.trainer.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsMalformedTest {

  @TempDir Path dir;

  private static final String GOOD_ENTRY =
      "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

  @Test
  void tooShortForTheLengthPrefix() throws Exception {
    Path file = dir.resolve("short.safetensors");
    Files.write(file, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("shorter than the 8-byte header length");
  }

  @Test
  void headerLengthBeyondTheFile() throws Exception {
    Path file = MalformedFiles.withRawHeader(dir, 1_000_000, "{}".getBytes(), 0);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("header length 1000000 goes beyond the file");
  }

  @Test
  void negativeHeaderLength() throws Exception {
    Path file = MalformedFiles.withRawHeader(dir, -5, "{}".getBytes(), 0);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("goes beyond the file");
  }

  @Test
  void invalidJson() throws Exception {
    Path file = MalformedFiles.withHeader(dir, "{\"w\": {\"dtype\": ", 0);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("header is not valid JSON");
  }

  @Test
  void headerNotAnObject() throws Exception {
    Path file = MalformedFiles.withHeader(dir, "[1,2]", 0);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void offsetsOutOfRange() throws Exception {
    Path file =
        MalformedFiles.withHeader(
            dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("'w' data_offsets [0, 8] are outside the data section (4 bytes)");
  }

  @Test
  void offsetsReversed() throws Exception {
    Path file =
        MalformedFiles.withHeader(
            dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("outside the data section");
  }

  @Test
  void overlappingTensors() throws Exception {
    String header =
        "{" + GOOD_ENTRY + ",\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    Path file = MalformedFiles.withHeader(dir, header, 12);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("tensors 'w' and 'v' overlap");
  }

  @Test
  void sizeDoesNotMatchShapeTimesDtype() throws Exception {
    Path file =
        MalformedFiles.withHeader(
            dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("'w' spans 8 bytes but w F32[3] needs 12");
  }

  @Test
  void shapeThatOverflows() throws Exception {
    String header =
        "{\"w\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}";
    Path file = MalformedFiles.withHeader(dir, header, 8);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("shape overflows");
  }

  @Test
  void unknownDtype() throws Exception {
    Path file =
        MalformedFiles.withHeader(
            dir, "{\"w\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("unknown dtype 'F8'");
  }

  @Test
  void negativeDimension() throws Exception {
    Path file =
        MalformedFiles.withHeader(
            dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("invalid dimension -1");
  }

  @Test
  void missingOffsets() throws Exception {
    Path file = MalformedFiles.withHeader(dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("needs data_offsets");
  }

  @Test
  void metadataValueNotAString() throws Exception {
    Path file =
        MalformedFiles.withHeader(dir, "{\"__metadata__\":{\"steps\":5}," + GOOD_ENTRY + "}", 8);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("__metadata__ value of 'steps' is not a string");
  }

  @Test
  void holeBetweenTwoTensors() throws Exception {
    String header =
        "{" + GOOD_ENTRY + ",\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}";
    Path file = MalformedFiles.withHeader(dir, header, 20);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("between tensors 'w' and 'v' lie 4 bytes that no tensor claims");
  }

  @Test
  void holeBeforeTheFirstTensor() throws Exception {
    Path file =
        MalformedFiles.withHeader(
            dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("the data section starts with 4 bytes that no tensor claims");
  }

  @Test
  void bytesAfterTheLastTensor() throws Exception {
    Path file = MalformedFiles.withHeader(dir, "{" + GOOD_ENTRY + "}", 12);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("4 bytes after the last tensor 'w' belong to no tensor");
  }

  @Test
  void tensorNamedTwice() throws Exception {
    Path file = MalformedFiles.withHeader(dir, "{" + GOOD_ENTRY + "," + GOOD_ENTRY + "}", 8);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("header is not valid JSON: Duplicate field 'w'");
  }

  @Test
  void metadataKeyTwice() throws Exception {
    Path file =
        MalformedFiles.withHeader(
            dir, "{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}," + GOOD_ENTRY + "}", 8);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("header is not valid JSON: Duplicate field 'a'");
  }

  @Test
  void nestingNoHeaderNeeds_getsOurMessageNotJacksons() throws Exception {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    Path file = MalformedFiles.withHeader(dir, "{\"w\":{\"x\":" + deep + "}}", 0);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("header nests deeper or holds longer numbers")
        .hasMessageNotContaining("StreamReadConstraints");
  }

  @Test
  void numberLongerThanAnyOffset_getsOurMessageNotJacksons() throws Exception {
    Path file =
        MalformedFiles.withHeader(
            dir,
            "{\"w\":{\"dtype\":\"F32\",\"shape\":["
                + "9".repeat(5000)
                + "],\"data_offsets\":[0,8]}}",
            8);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("header nests deeper or holds longer numbers")
        .hasMessageNotContaining("StreamReadConstraints");
  }
}
