package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class RetryInterceptorTest {

  private static final long SECOND = 1_000_000_000L;

  @StartStop private final MockWebServer server = new MockWebServer();
  private final FakeClock clock = new FakeClock();

  private BooruQuery query() {
    return Fixtures.query(BooruSite.DANBOORU, server, "solo");
  }

  private OkHttpClient client(int attempts) {
    return new OkHttpClient.Builder()
        .addInterceptor(
            new RetryInterceptor(
                attempts, Duration.ofSeconds(1), clock, Redactor.of(BooruCredentials.anonymous())))
        .build();
  }

  @Test
  void given429WithRetryAfter_waitsThatLongThenSucceeds() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
    server.enqueue(Fixtures.json("[]"));

    Fixtures.list(query(), Fixtures.api(query()), client(4));

    assertThat(clock.sleeps).containsExactly(7 * SECOND);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void given500Then503ThenSuccess_backsOffExponentially() throws Exception {
    server.enqueue(Fixtures.status(500, "oops"));
    server.enqueue(Fixtures.status(503, "busy"));
    server.enqueue(Fixtures.json("[]"));

    Fixtures.list(query(), Fixtures.api(query()), client(4));

    assertThat(clock.sleeps).containsExactly(SECOND, 2 * SECOND);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void givenADroppedConnection_retriesIt() throws Exception {
    server.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(Fixtures.json("[]"));

    Fixtures.list(query(), Fixtures.api(query()), client(4));

    assertThat(clock.sleeps).containsExactly(SECOND);
  }

  @Test
  void givenOnly5xx_givesUpAfterTheLastAttemptWithTheStatus() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(Fixtures.status(502, "bad gateway"));
    }

    assertThatThrownBy(() -> Fixtures.list(query(), Fixtures.api(query()), client(3)))
        .isInstanceOfSatisfying(
            BooruApiException.class, e -> assertThat(e.status()).isEqualTo(502));
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(clock.sleeps).hasSize(2);
  }

  @Test
  void given401_doesNotRetry() {
    server.enqueue(Fixtures.status(401, "Invalid API key"));

    assertThatThrownBy(() -> Fixtures.list(query(), Fixtures.api(query()), client(4)))
        .isInstanceOf(BooruApiException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(clock.sleeps).isEqualTo(List.of());
  }

  @Test
  void retryAfterAsHttpDateInThePast_meansNow() {
    okhttp3.Response response =
        new okhttp3.Response.Builder()
            .request(new okhttp3.Request.Builder().url(server.url("/")).build())
            .protocol(okhttp3.Protocol.HTTP_1_1)
            .code(429)
            .message("Too Many Requests")
            .header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
            .build();

    assertThat(RetryInterceptor.retryAfter(response)).contains(Duration.ZERO);
  }
}
