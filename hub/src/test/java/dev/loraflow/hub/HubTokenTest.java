package dev.loraflow.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubTokenTest {

  @TempDir Path dir;

  @Test
  void givenTheTokenFileOption_itWinsOverTheEnvironment() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "hf_fromFile\n");

    Optional<HubToken> token = HubToken.resolve(file.toString(), Map.of("HF_TOKEN", "hf_fromEnv"));

    assertThat(token).map(HubToken::bearer).contains("Bearer hf_fromFile");
    assertThat(token).map(HubToken::origin).contains(file.toString());
  }

  @Test
  void givenHfToken_itWinsOverTheLoginFile() throws Exception {
    Files.writeString(dir.resolve("token"), "hf_stored");

    Optional<HubToken> token =
        HubToken.resolve(null, Map.of("HF_TOKEN", " hf_fromEnv ", "HF_HOME", dir.toString()));

    assertThat(token).map(HubToken::bearer).contains("Bearer hf_fromEnv");
    assertThat(token).map(HubToken::origin).contains("HF_TOKEN");
  }

  @Test
  void withoutOptionOrVariable_readsTheLoginFileWhereHuggingfaceHubKeepsIt() throws Exception {
    Files.writeString(dir.resolve("token"), "hf_stored");
    Files.createDirectories(dir.resolve("xdg/huggingface"));
    Files.writeString(dir.resolve("xdg/huggingface/token"), "hf_xdg");
    Path explicit = Files.writeString(dir.resolve("elsewhere"), "hf_path");

    assertThat(HubToken.resolve(null, Map.of("HF_HOME", dir.toString())))
        .map(HubToken::bearer)
        .contains("Bearer hf_stored");
    assertThat(HubToken.resolve(null, Map.of("XDG_CACHE_HOME", dir.resolve("xdg").toString())))
        .map(HubToken::bearer)
        .contains("Bearer hf_xdg");
    assertThat(
            HubToken.resolve(
                null, Map.of("HF_TOKEN_PATH", explicit.toString(), "HF_HOME", dir.toString())))
        .map(HubToken::bearer)
        .contains("Bearer hf_path");
  }

  @Test
  void withNoTokenAnywhere_isEmpty() throws Exception {
    assertThat(HubToken.resolve(null, Map.of("HF_HOME", dir.toString()))).isEmpty();
  }

  @Test
  void aMissingTokenFileOption_isAnError() {
    assertThatThrownBy(() -> HubToken.resolve(dir.resolve("nope").toString(), Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void toString_namesTheOriginOnly() throws Exception {
    HubToken token = HubToken.resolve(null, Map.of("HF_TOKEN", "hf_secret123")).orElseThrow();

    assertThat(token.toString()).contains("HF_TOKEN").doesNotContain("hf_secret123");
  }
}
