package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorBodyTest {

  private final Redactor redactor = Redactor.of(BooruCredentials.of("bob", "a/b+c d"));

  @Test
  void givenAnHtmlPageOrAJsonError_summarisesItInOneLine() {
    assertThat(
            ErrorBody.summary(
                "<html><head><title>502 Bad\n Gateway</title></head><body>" + "x".repeat(5000),
                redactor))
        .isEqualTo("502 Bad Gateway (5056 characters)");
    assertThat(ErrorBody.summary("{\"success\":false,\"message\":\"key a/b+c d\"}", redactor))
        .isEqualTo("key REDACTED (41 characters)");
    assertThat(ErrorBody.summary("{\"posts\":[]}", redactor))
        .isEqualTo("a JSON body without a message (12 characters)");
  }

  @Test
  void givenPlainText_keepsItsFirstLineCutShort() {
    assertThat(ErrorBody.summary("\n  no route a/b+c d\nsecond line", redactor))
        .isEqualTo("no route REDACTED (31 characters)");
    assertThat(ErrorBody.summary("y".repeat(500), redactor))
        .hasSize(200 + "… (500 characters)".length());
  }
}
