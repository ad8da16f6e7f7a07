package dev.loraflow.transforms.source.booru;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;

/**
 * Turns a refusal into an error a person can act on: what the site said, what it means, what to do.
 * Messages name the URL through the {@link Redactor} and sum the body up in a scrubbed line ({@link
 * ErrorBody}).
 */
final class ApiErrors {

  private static final Pattern TAG_LIMIT =
      Pattern.compile("cannot search for more than (\\d+) tags", Pattern.CASE_INSENSITIVE);
  // Gelbooru has answered missing credentials with this text, sometimes under HTTP 200.
  private static final Pattern AUTHENTICATION_REQUIRED =
      Pattern.compile("authentication required", Pattern.CASE_INSENSITIVE);

  private ApiErrors() {}

  /** The error for an unsuccessful API response whose body is {@code body}. */
  static BooruApiException of(BooruQuery query, Response response, String body, Redactor redactor) {
    int code = response.code();
    String site = query.site().id();
    String where = " (HTTP " + code + " from " + redactor.url(response.request().url()) + ")";
    Matcher tagLimit = TAG_LIMIT.matcher(body);
    if (tagLimit.find()) {
      return new BooruApiException(
          code,
          site
              + " allows "
              + tagLimit.group(1)
              + " tags per search at this account level, and \""
              + query.tags()
              + "\" has more"
              + where
              + ". Search with fewer tags and filter the rest"
              + " here (withRatings, withBlacklist), or log in with a Gold+ account.");
    }
    if ((code == 401 || demandsAuthentication(body)) && query.credentials().isAnonymous()) {
      return new BooruApiException(
          code, site + " wants an account for this search" + where + ": give a login and API key.");
    }
    if (code == 401 || demandsAuthentication(body)) {
      return new BooruApiException(
          code,
          site
              + " refused the credentials"
              + where
              + ": check the login ("
              + query.site().family().loginHint()
              + ") and the API key on the account page, and that"
              + " the key allows this IP and reading posts.");
    }
    if (code == 403 && isCloudflareChallenge(response, body)) {
      return new BooruApiException(
          code,
          site
              + " answered with a Cloudflare challenge page"
              + where
              + ": its bot protection wants"
              + " a browser, which loraflow is not. Use an API key, keep the honest loraflow"
              + " User-Agent and add your user name to it (contact option), avoid VPN or Tor exits,"
              + " and retry later; a mirror can be used with the base URL option.");
    }
    if (code == 403) {
      return new BooruApiException(
          code,
          site
              + " forbids this search for this account"
              + where
              + ": "
              + ErrorBody.summary(body, redactor));
    }
    return new BooruApiException(
        code, site + " failed the request" + where + ": " + ErrorBody.summary(body, redactor));
  }

  /** The error for a 2xx answer that is not the JSON the API promises. */
  static BooruApiException malformed(
      BooruQuery query, Response response, IOException cause, Redactor redactor) {
    return new BooruApiException(
        0,
        query.site().id()
            + " sent malformed JSON from "
            + redactor.url(response.request().url())
            + ": "
            + redactor.text(cause.getMessage()).lines().findFirst().orElse("")
            + ". Is the base URL an API of this family ("
            + query.site().family()
            + ")?");
  }

  /** Whether the body asks for credentials, whatever the status says. */
  static boolean demandsAuthentication(String body) {
    return AUTHENTICATION_REQUIRED.matcher(body).find();
  }

  static boolean isCloudflareChallenge(Response response, String body) {
    return "challenge".equalsIgnoreCase(response.header("cf-mitigated"))
        || body.contains("challenge-platform")
        || body.contains("<title>Just a moment...</title>");
  }
}
