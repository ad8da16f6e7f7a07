package dev.loraflow.transforms.source.booru;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Reads JSON from a booru's API with the query's client: a refusal becomes an error a person can
 * act on ({@link ApiErrors}), and no message carries the key.
 */
final class ApiReader {

  /** Makes a value of an answer; refuses a shape the API does not promise. */
  interface Mapping<T> {
    T map(JsonNode answer) throws JsonMappingException;
  }

  private final BooruQuery query;
  private final OkHttpClient client;
  private final Redactor redactor;

  ApiReader(BooruQuery query, OkHttpClient client) {
    this.query = query;
    this.client = client;
    this.redactor = Redactor.of(query.credentials());
  }

  /** A request for {@code url}, not yet sent; it can be read later, or canceled. */
  Call call(HttpUrl url) {
    return client.newCall(new Request.Builder().url(url).build());
  }

  <T> T read(HttpUrl url, Mapping<T> mapping) throws IOException {
    return read(call(url), mapping);
  }

  // A page past the bound is refused as it arrives, before it fills the heap.
  private String page(Response response) throws BooruApiException, IOException {
    try {
      return BoundedBody.string(response.body(), query.maxPageBytes());
    } catch (BoundedBody.TooLargeException e) {
      throw new BooruApiException(
          response.code(),
          query.site().id()
              + " sent an answer too large for a page from "
              + redactor.url(response.request().url())
              + ": "
              + e.getMessage()
              + ". Is the base URL an API of this family ("
              + query.site().family()
              + ")? A larger bound is set with BooruQuery.withMaxResponseBytes.");
    }
  }

  <T> T read(Call call, Mapping<T> mapping) throws IOException {
    Request request = call.request();
    try (Response response = call.execute()) {
      String body = page(response);
      if (!response.isSuccessful() || ApiErrors.demandsAuthentication(body)) {
        throw ApiErrors.of(query, response, body, redactor);
      }
      try {
        // Safebooru answers "no results" with an empty body.
        return mapping.map(body.isBlank() ? MissingNode.getInstance() : Json.MAPPER.readTree(body));
      } catch (JacksonException e) {
        throw ApiErrors.malformed(query, response, e, redactor);
      }
    } catch (BooruApiException e) {
      throw e;
    } catch (IOException e) {
      // OkHttp's own messages may carry a URL: keep only scrubbed text, and no cause.
      throw new IOException(
          query.site().id()
              + " request failed after "
              + query.maxAttempts()
              + " tries: "
              + redactor.url(request.url())
              + ": "
              + redactor.text(String.valueOf(e.getMessage())));
    }
  }
}
