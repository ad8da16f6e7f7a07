package dev.loraflow.transforms.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes in the form boorus publish them (lower-case hex). */
public final class Hashes {
  private Hashes() {}

  /** MD5 of {@code bytes}, as Danbooru's {@code md5} field and Grabber's md5 list hold it. */
  public static String md5Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform must provide MD5", e);
    }
  }
}
