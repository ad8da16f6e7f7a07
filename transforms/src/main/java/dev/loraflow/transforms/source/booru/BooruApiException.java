package dev.loraflow.transforms.source.booru;

import java.io.IOException;

/**
 * A booru refused or garbled a search: bad key, Cloudflare challenge, tag limit, malformed JSON, or
 * an error that retries did not cure. The message says what happened and what to do; it names the
 * URL without credentials and never contains the key.
 */
public final class BooruApiException extends IOException {

  private static final long serialVersionUID = 1L;
  private final int status;

  BooruApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  /**
   * The HTTP status, or 0 where there is none to give: a 2xx with a body that could not be read, or
   * a search refused before it was sent (Danbooru's tag limit for the account's level).
   */
  public int status() {
    return status;
  }
}
