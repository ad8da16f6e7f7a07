package dev.loraflow.transforms.source.booru;

import static dev.loraflow.transforms.source.booru.Fixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BooruCredentialsTest {

  @TempDir Path dir;

  @Test
  void givenOptions_theyWinOverEnvironmentAndFile() throws Exception {
    Path file = write("danbooru.login=filer\ndanbooru.apiKey=file-key\n");
    Map<String, String> env =
        Map.of("LORAFLOW_DANBOORU_LOGIN", "envy", "LORAFLOW_DANBOORU_API_KEY", "env-key");

    BooruCredentials credentials =
        BooruCredentials.resolve(BooruSite.DANBOORU, "alice", KEY, file, env);

    assertThat(credentials.login()).isEqualTo("alice");
    assertThat(credentials.apiKey()).isEqualTo(KEY);
  }

  @Test
  void givenNoOptions_theEnvironmentWinsOverTheFile() throws Exception {
    Path file = write("danbooru.login=filer\ndanbooru.apiKey=file-key\n");
    Map<String, String> env =
        Map.of("LORAFLOW_DANBOORU_LOGIN", "envy", "LORAFLOW_DANBOORU_API_KEY", "env-key");

    assertThat(BooruCredentials.resolve(BooruSite.DANBOORU, null, null, file, env).login())
        .isEqualTo("envy");
  }

  @Test
  void givenOnlyAFile_readsThatSitesLines() throws Exception {
    Path file =
        write(
            "danbooru.login=filer\ndanbooru.apiKey=file-key\ne621.login=fox\ne621.apiKey=e-key\n");

    BooruCredentials credentials = BooruCredentials.resolve(BooruSite.E621, "", "", file, Map.of());

    assertThat(credentials.login()).isEqualTo("fox");
    assertThat(credentials.apiKey()).isEqualTo("e-key");
  }

  @Test
  void givenNothing_isAnonymous() {
    assertThat(
            BooruCredentials.resolve(
                    BooruSite.DANBOORU, null, null, dir.resolve("absent"), Map.of())
                .isAnonymous())
        .isTrue();
  }

  @Test
  void toString_showsTheLoginButNeverTheKey() {
    assertThat(BooruCredentials.of("alice", KEY).toString())
        .isEqualTo("alice (API key hidden)")
        .doesNotContain(KEY);
  }

  @Test
  void givenALoginWithoutKey_refusesIt() {
    assertThatThrownBy(() -> BooruCredentials.of("alice", " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("booru.properties"), text);
  }
}
