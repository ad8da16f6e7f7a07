package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private static final String KEY = "a/b+c d";
  private final Redactor redactor = Redactor.of(BooruCredentials.of("bob", KEY));

  @Test
  void givenTheKeyInLowerCaseEscapesOrFormEncoding_replacesIt() {
    assertThat(redactor.text("k=a%2fb%2bc%20d and k=a%2Fb%2Bc+d"))
        .isEqualTo("k=REDACTED and k=REDACTED");
  }

  @Test
  void givenTheBasicValueJsonEscapedOrUnpadded_replacesIt() {
    String base64 =
        Base64.getEncoder().encodeToString(("bob:" + KEY).getBytes(StandardCharsets.UTF_8));
    String text = "{\"seen\":\"" + base64.replace("/", "\\/") + "\"} " + base64.replace("=", "");

    assertThat(redactor.text(text)).isEqualTo("{\"seen\":\"REDACTED\"} REDACTED");
  }

  @Test
  void givenAnyAuthorizationValueOrBearerToken_replacesItEvenWithoutAnAccount() {
    Redactor anonymous = Redactor.of(BooruCredentials.anonymous());

    assertThat(anonymous.text("Authorization: Bearer hf_abc.def-1 then bearer xyz=="))
        .isEqualTo("Authorization: REDACTED then bearer REDACTED");
    assertThat(anonymous.text("{\"authorization\": \"Token s3cr3t\", \"ok\": 1}"))
        .isEqualTo("{\"authorization\": \"REDACTED\", \"ok\": 1}");
  }
}
