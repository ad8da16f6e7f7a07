package dev.loraflow.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

  @Test
  void everyHalfValue_survivesWideningAndNarrowing() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float value = HalfFloats.halfToFloat((short) bits);
      short back = HalfFloats.floatToHalf(value);
      if (Float.isNaN(value)) {
        assertThat(Float.isNaN(HalfFloats.halfToFloat(back))).isTrue();
      } else {
        assertThat(back & 0xFFFF).as("half 0x%04x", bits).isEqualTo(bits);
      }
    }
  }

  @Test
  void narrowing_roundsToNearestWithTiesToEven() {
    float one = 1f;
    float ulp = 0x1p-10f; // half's spacing just above 1
    assertThat(HalfFloats.halfToFloat(HalfFloats.floatToHalf(one + ulp / 2))).isEqualTo(one);
    assertThat(HalfFloats.halfToFloat(HalfFloats.floatToHalf(one + ulp * 1.5f)))
        .isEqualTo(one + 2 * ulp);
    assertThat(HalfFloats.halfToFloat(HalfFloats.floatToHalf(one + ulp * 0.51f)))
        .isEqualTo(one + ulp);
    assertThat(HalfFloats.halfToFloat(HalfFloats.floatToHalf(70000f)))
        .isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(HalfFloats.halfToFloat(HalfFloats.floatToHalf(0x1p-25f))).isEqualTo(0f);
    assertThat(HalfFloats.halfToFloat(HalfFloats.floatToHalf(0x1.1p-25f))).isEqualTo(0x1p-24f);
  }

  @Test
  void bfloat16_keepsTheTopBitsRoundedToNearestEven() {
    assertThat(HalfFloats.floatToBfloat16(1f)).isEqualTo((short) 0x3F80);
    assertThat(HalfFloats.floatToBfloat16(Float.intBitsToFloat(0x3F808000))) // tie, even below
        .isEqualTo((short) 0x3F80);
    assertThat(HalfFloats.floatToBfloat16(Float.intBitsToFloat(0x3F818000))) // tie, even above
        .isEqualTo((short) 0x3F82);
    assertThat(HalfFloats.floatToBfloat16(Float.intBitsToFloat(0x3F808001)))
        .isEqualTo((short) 0x3F81);
    assertThat(Float.isNaN(Float.intBitsToFloat(HalfFloats.floatToBfloat16(Float.NaN) << 16)))
        .isTrue();
  }

  @Test
  void ofFloats_storesF16AndBf16ThatReadBackToTheRoundedValues() {
    float[] values = {0.1f, -2.5f, 1e-3f};
    TensorData half = TensorData.ofFloats("t", new long[] {3}, values, Dtype.F16);
    TensorData bf16 = TensorData.ofFloats("t", new long[] {3}, values, Dtype.BF16);

    assertThat(half.info().byteSize()).isEqualTo(6);
    assertThat(half.toFloatArray()).containsExactly(0.099975586f, -2.5f, 0.0010004044f);
    assertThat(bf16.toFloatArray()).containsExactly(0.10009765625f, -2.5f, 0.0009994507f);
  }
}
