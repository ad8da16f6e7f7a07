package dev.loraflow.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.testing.FakeHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a fake Hugging Face: redirects, hashes, resumes, refusals. */
class HubClientTest {

  private static final String REPO = "SmilingWolf/tiny-tagger";
  private static final String ONNX = "model.onnx";
  private static final byte[] MODEL = randomBytes(300_000);

  @StartStop private final MockWebServer server = new MockWebServer();
  private final FakeHub hub = new FakeHub().serve(REPO, ONNX, MODEL);

  @TempDir Path dir;
  private HubClient downloader;
  private HubFile file;
  private Path target;

  @BeforeEach
  void setUp() {
    server.setDispatcher(hub);
    downloader = new HubClient(server.url("/").toString(), Optional.empty(), DownloadProgress.NONE);
    file = new HubFile(REPO, "main", ONNX);
    target = dir.resolve("cache").resolve(ONNX);
  }

  @Test
  void firstFetch_followsTheRedirect_checksTheHash_andRenamesIntoPlace() throws Exception {
    downloader.fetch(file, target);

    assertThat(target).hasBinaryContent(MODEL);
    assertThat(target.resolveSibling(ONNX + ".part")).doesNotExist();
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/SmilingWolf/tiny-tagger/resolve/main/model.onnx");
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/cdn/main/SmilingWolf/tiny-tagger/model.onnx");
  }

  @Test
  void cachedFile_isUsedWithoutAnyRequest() throws Exception {
    downloader.fetch(file, target);
    int requests = server.getRequestCount();

    downloader.fetch(file, target);

    assertThat(server.getRequestCount()).isEqualTo(requests);
  }

  @Test
  void interruptedTransfer_isResumedWithARange() throws Exception {
    hub.cutTransfers(1);

    downloader.fetch(file, target);

    assertThat(target).hasBinaryContent(MODEL);
    List<String> ranges = rangesRequested();
    assertThat(ranges).hasSize(1);
    assertThat(ranges.get(0)).matches("bytes=[1-9]\\d*-");
  }

  @Test
  void partialFileFromAnEarlierRun_isResumed() throws Exception {
    Files.createDirectories(target.getParent());
    Files.write(target.resolveSibling(ONNX + ".part"), slice(MODEL, 1000));

    downloader.fetch(file, target);

    assertThat(target).hasBinaryContent(MODEL);
    assertThat(rangesRequested()).containsExactly("bytes=1000-");
  }

  @Test
  void transferThatKeepsBreaking_keepsThePartForTheNextRun() {
    hub.cutTransfers(10);

    assertThatThrownBy(() -> downloader.fetch(file, target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broke off 3 times");
    assertThat(target).doesNotExist();
    assertThat(target.resolveSibling(ONNX + ".part")).isNotEmptyFile();
  }

  @Test
  void wrongHash_isRejected_andNothingIsKept() {
    hub.announceWrongHash();

    assertThatThrownBy(() -> downloader.fetch(file, target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SHA-256");
    assertThat(target).doesNotExist();
    assertThat(target.resolveSibling(ONNX + ".part")).doesNotExist();
  }

  @Test
  void missingFile_namesTheHttpStatusAndUrl() {
    HubFile missing = new HubFile(REPO, "main", "nope.onnx");

    assertThatThrownBy(() -> downloader.fetch(missing, dir.resolve("nope.onnx")))
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("nope.onnx");
  }

  @Test
  void progress_isToldEveryByte_fromWhereAResumeStarts() throws Exception {
    Files.createDirectories(target.getParent());
    Files.write(target.resolveSibling(ONNX + ".part"), slice(MODEL, 1000));
    List<String> starts = new ArrayList<>();
    long[] advanced = new long[1];
    HubClient client =
        new HubClient(
            server.url("/").toString(),
            Optional.empty(),
            (name, from, size) -> {
              starts.add(name + " " + from + "/" + size);
              return bytes -> advanced[0] += bytes;
            });

    client.fetch(file, target);

    assertThat(starts).containsExactly(ONNX + " 1000/" + MODEL.length);
    assertThat(advanced[0]).isEqualTo(MODEL.length - 1000);
  }

  @Test
  void givenAToken_sendsItAsBearer() throws Exception {
    hub.requireToken("hf_right");
    HubToken token = HubToken.resolve(null, Map.of("HF_TOKEN", "hf_right")).orElseThrow();

    new HubClient(server.url("/").toString(), Optional.of(token), DownloadProgress.NONE)
        .fetch(file, target);

    assertThat(target).hasBinaryContent(MODEL);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer hf_right");
  }

  @Test
  void aRefusal_isAccessDenied_whoseAdviceSaysWhereTheTokenCameFrom_notTheToken()
      throws IOException {
    hub.requireToken("hf_right");
    HubToken wrong = HubToken.resolve(null, Map.of("HF_TOKEN", "hf_wrongOne")).orElseThrow();
    HubClient client =
        new HubClient(server.url("/").toString(), Optional.of(wrong), DownloadProgress.NONE);

    assertThatThrownBy(() -> client.fetch(file, target))
        .isInstanceOfSatisfying(
            HubClient.AccessDenied.class,
            denied -> {
              assertThat(denied.code()).isEqualTo(403);
              assertThat(denied.advice()).contains("The token from HF_TOKEN was sent");
              assertThat(denied.getMessage() + denied.advice()).doesNotContain("hf_wrongOne");
            });
    assertThatThrownBy(() -> downloader.fetch(file, target))
        .isInstanceOfSatisfying(
            HubClient.AccessDenied.class,
            denied -> assertThat(denied.advice()).contains("a token may be needed"));
  }

  @Test
  void endpoint_isHfEndpoint_elseHuggingFace() {
    assertThat(HubClient.endpoint(Map.of("HF_ENDPOINT", "https://mirror.example")))
        .isEqualTo("https://mirror.example");
    assertThat(HubClient.endpoint(Map.of())).isEqualTo("https://huggingface.co");
    assertThatThrownBy(() -> HubClient.parseEndpoint("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private List<String> rangesRequested() throws InterruptedException {
    List<String> ranges = new ArrayList<>();
    int count = server.getRequestCount();
    for (int i = 0; i < count; i++) {
      RecordedRequest request = server.takeRequest();
      String range = request.getHeaders().get("Range");
      if (range != null && request.getUrl().encodedPath().startsWith("/cdn/")) {
        ranges.add(range);
      }
    }
    return ranges;
  }

  private static byte[] slice(byte[] bytes, int length) {
    byte[] part = new byte[length];
    System.arraycopy(bytes, 0, part, 0, length);
    return part;
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(4).nextBytes(bytes);
    return bytes;
  }
}
