package dev.loraflow.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class HubFileTest {

  private static final HttpUrl HUB = HttpUrl.get("https://huggingface.co");

  @Test
  void shortForm_isOnMain_unlessARevisionFollowsTheRepo() {
    assertThat(HubFile.parse("hf:owner/model/v1-5.safetensors", HUB))
        .contains(new HubFile("owner/model", "main", "v1-5.safetensors"));
    assertThat(HubFile.parse("hf://owner/model@0123abc/unet/model.safetensors", HUB))
        .contains(new HubFile("owner/model", "0123abc", "unet/model.safetensors"));
  }

  @Test
  void downloadAndPageAddresses_nameTheirFile_withAnEscapedRevisionDecoded() {
    assertThat(
            HubFile.parse(
                "https://huggingface.co/owner/model/resolve/main/sd15.ckpt?download=true", HUB))
        .contains(new HubFile("owner/model", "main", "sd15.ckpt"));
    assertThat(HubFile.parse("https://huggingface.co/owner/model/blob/refs%2Fpr%2F1/a/b.bin", HUB))
        .contains(new HubFile("owner/model", "refs/pr/1", "a/b.bin"));
  }

  @Test
  void addressesOnTheEndpoint_countAsTheHubs() {
    HttpUrl mirror = HttpUrl.get("http://127.0.0.1:8123/");

    assertThat(HubFile.parse("http://127.0.0.1:8123/owner/model/resolve/v2/m.safetensors", mirror))
        .contains(new HubFile("owner/model", "v2", "m.safetensors"));
    assertThatThrownBy(
            () -> HubFile.parse("http://127.0.0.1:9/owner/model/resolve/v2/m.safetensors", mirror))
        .hasMessageContaining("Not the address of a Hugging Face file");
  }

  @Test
  void localPaths_nameNoHubFile() {
    assertThat(HubFile.parse("/models/sd15.safetensors", HUB)).isEmpty();
    assertThat(HubFile.parse("models/owner/model.ckpt", HUB)).isEmpty();
  }

  @Test
  void whatLooksLikeAReferenceButIsNone_isAnError_showingTheForms() {
    assertThatThrownBy(() -> HubFile.parse("hf:justarepo", HUB))
        .hasMessageContaining("hf:<owner>/<name>[@<revision>]/<file>");
    assertThatThrownBy(() -> HubFile.parse("https://huggingface.co/owner/model", HUB))
        .hasMessageContaining("/resolve/<revision>/<file>");
    assertThatThrownBy(() -> HubFile.parse("hf:owner/model/../../etc/passwd", HUB))
        .hasMessageContaining("Not a file path");
  }

  @Test
  void cachedIn_keepsEachRevisionApart() {
    Path cache = Path.of("cache");

    assertThat(new HubFile("owner/model", "main", "sub/m.bin").cachedIn(cache))
        .isEqualTo(cache.resolve("owner_model/sub/m.bin"));
    assertThat(new HubFile("owner/model", "refs/pr/1", "m.bin").cachedIn(cache))
        .isEqualTo(cache.resolve("owner_model@refs%2Fpr%2F1/m.bin"));
  }

  @Test
  void toString_isTheShortForm() {
    assertThat(new HubFile("owner/model", "v2", "m.bin")).hasToString("hf:owner/model@v2/m.bin");
    assertThat(new HubFile("owner/model", "main", "m.bin")).hasToString("hf:owner/model/m.bin");
  }
}
