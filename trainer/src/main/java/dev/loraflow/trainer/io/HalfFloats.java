package dev.loraflow.trainer.io;

/**
 * IEEE 754 binary16 and bfloat16 to and from float32 (Java 17 has no Float.float16ToFloat), so
 * half-precision files are read and written without BF16 ever reaching DJL.
 */
final class HalfFloats {

  private HalfFloats() {}

  static float halfToFloat(short half) {
    int bits = half & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1F;
    int mantissa = bits & 0x3FF;
    if (exponent == 0x1F) { // infinity or NaN keep their payload
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      if (mantissa == 0) {
        return Float.intBitsToFloat(sign);
      }
      // subnormal half: value = mantissa * 2^-24, exact in float
      float value = mantissa * 0x1p-24f;
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** The nearest binary16 value (ties to even); too large becomes infinity, NaN stays NaN. */
  static short floatToHalf(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = (bits >>> 23) & 0xFF;
    int mantissa = bits & 0x7FFFFF;
    if (exponent == 0xFF) { // infinity, or NaN kept quiet
      return (short) (sign | 0x7C00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
    }
    int halfExponent = exponent - 127 + 15;
    if (halfExponent >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (halfExponent <= 0) {
      if (halfExponent < -10) {
        return (short) sign; // below half the smallest subnormal
      }
      // subnormal half: the mantissa with its implicit bit, in units of 2^-24
      return (short) (sign | roundShift(mantissa | 0x800000, 14 - halfExponent));
    }
    // a carry out of the mantissa rightly bumps the exponent (up to infinity)
    return (short) (sign | roundShift((halfExponent << 23) | mantissa, 13));
  }

  /** The nearest bfloat16 value (ties to even), as its 16 bits; NaN stays NaN. */
  static short floatToBfloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }

  /** {@code value >> shift}, rounded to nearest with ties to even. */
  private static int roundShift(int value, int shift) {
    int kept = value >>> shift;
    int rest = value & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    return rest > half || (rest == half && (kept & 1) == 1) ? kept + 1 : kept;
  }
}
