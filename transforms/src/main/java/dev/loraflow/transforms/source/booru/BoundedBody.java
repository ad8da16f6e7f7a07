package dev.loraflow.transforms.source.booru;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Reads a response body whole, but never past a bound: a hostile or broken server can send a
 * gigabyte where a page of JSON or one image was asked for, and reading it all would end in an
 * OutOfMemoryError. The bound counts decoded bytes, so a gzip bomb stops at it too.
 */
final class BoundedBody {

  /** The most a Java array holds, and so the largest bound. */
  static final long MAX_BOUND = Integer.MAX_VALUE - 8;

  /** The body is longer than the bound; what was read of it is dropped. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  private BoundedBody() {}

  static byte[] bytes(ResponseBody body, long maxBytes) throws IOException {
    long declared = body.contentLength();
    if (declared > maxBytes) {
      throw new TooLargeException(
          "the server announces " + declared + " bytes, over the bound of " + maxBytes);
    }
    BufferedSource source = body.source();
    if (source.request(maxBytes + 1)) {
      throw new TooLargeException("the body goes past the bound of " + maxBytes + " bytes");
    }
    return source.getBuffer().readByteArray();
  }

  /** The body as text, in the charset it declares (UTF-8 when it declares none). */
  static String string(ResponseBody body, long maxBytes) throws IOException {
    MediaType type = body.contentType();
    return new String(
        bytes(body, maxBytes),
        type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8));
  }
}
