package dev.loraflow.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.testing.FakeHub;
import dev.loraflow.trainer.testing.TinyRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A base model named by its Hugging Face reference, fetched from a fake Hub and trained on. */
class BaseModelFileTest {

  private static final String REPO = "owner/tiny-sd";
  private static final String FILE = "tiny-sd.safetensors";
  private static final String TOKEN = "hf_zYx9SecretTrainerToken";

  @StartStop private final MockWebServer server = new MockWebServer();
  private final FakeHub hub = new FakeHub();
  private final StringWriter out = new StringWriter();

  @TempDir Path tmp;
  private TinyRun run;
  private byte[] model;

  @BeforeEach
  void setUp() throws IOException {
    run = new TinyRun(tmp);
    model = Files.readAllBytes(run.model);
    hub.serve(REPO, FILE, model).serve(REPO, "v2", "unet/" + FILE, model);
    server.setDispatcher(hub);
  }

  @Test
  void givenAShortReference_downloadsIntoTheCache_withTheTokenAsBearer_andTrains()
      throws Exception {
    hub.requireToken(TOKEN);
    TrainingConfig config =
        run.config("out", "baseModel", "hf:" + REPO + "/" + FILE, "modelCacheDir", cache());

    LoraTrainer.Result result =
        new LoraTrainer(config, new PrintWriter(out, true), env(TOKEN)).train();

    Path cached = Path.of(cache(), "owner_tiny-sd", FILE);
    assertThat(cached).hasBinaryContent(model);
    assertThat(result.finalCheckpoint()).isRegularFile();
    RecordedRequest first = server.takeRequest();
    assertThat(first.getUrl().encodedPath()).isEqualTo("/owner/tiny-sd/resolve/main/" + FILE);
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(out.toString())
        .contains("Downloading base model hf:owner/tiny-sd/" + FILE)
        .doesNotContain(TOKEN);
  }

  @Test
  void givenTheFilesAddress_onTheEndpoint_fetchesThatRevision_thenUsesTheCache() throws Exception {
    String url = server.url("/owner/tiny-sd/blob/v2/unet/" + FILE).toString();
    TrainingConfig config = run.config("out", "baseModel", url, "modelCacheDir", cache());

    Path first = BaseModelFile.resolve(config, env(null), new PrintWriter(out));
    int requests = server.getRequestCount();
    Path again = BaseModelFile.resolve(config, env(null), new PrintWriter(out));

    assertThat(first).isEqualTo(Path.of(cache(), "owner_tiny-sd@v2", "unet", FILE));
    assertThat(first).hasBinaryContent(model);
    assertThat(again).isEqualTo(first);
    assertThat(server.getRequestCount()).isEqualTo(requests);
  }

  @Test
  void givenALocalPath_usesItAsItIs() throws Exception {
    TrainingConfig config = run.config("out");

    assertThat(BaseModelFile.resolve(config, env(null), new PrintWriter(out))).isEqualTo(run.model);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRefusal_namesTheSettingAndTheFile_andSaysATokenMayBeNeeded() {
    hub.requireToken(TOKEN);
    TrainingConfig config =
        run.config("out", "baseModel", "hf:" + REPO + "/" + FILE, "modelCacheDir", cache());

    assertThatThrownBy(() -> BaseModelFile.resolve(config, env(null), new PrintWriter(out)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("TrainingConfig.baseModel: Hugging Face refused hf:owner/tiny-sd/")
        .hasMessageContaining("(HTTP 401)")
        .hasMessageContaining("a token may be needed");
    assertThat(Path.of(cache(), "owner_tiny-sd", FILE)).doesNotExist();
  }

  @Test
  void aReferenceThatIsNone_namesTheSettingAndTheForms() {
    TrainingConfig config = run.config("out", "baseModel", "hf:owner-only");

    assertThatThrownBy(() -> BaseModelFile.resolve(config, env(null), new PrintWriter(out)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TrainingConfig.baseModel: Not a Hugging Face file")
        .hasMessageContaining("hf:<owner>/<name>[@<revision>]/<file>");
  }

  private String cache() {
    return tmp.resolve("models").toString();
  }

  /** The fake Hub as endpoint, no login file, and HF_TOKEN if a token is given. */
  private Map<String, String> env(String token) {
    String endpoint = server.url("/").toString();
    Path home = tmp.resolve("hf-home");
    return token == null
        ? Map.of("HF_ENDPOINT", endpoint, "HF_HOME", home.toString())
        : Map.of("HF_ENDPOINT", endpoint, "HF_HOME", home.toString(), "HF_TOKEN", token);
  }
}
