package dev.loraflow.transforms.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDownloaderTest {

  private static final String REPO = "SmilingWolf/tiny-tagger";
  private static final byte[] MODEL = randomBytes(300_000);

  @StartStop private final MockWebServer server = new MockWebServer();
  private final FakeHub hub = new FakeHub().serve(REPO, ModelFiles.ONNX, MODEL);

  @TempDir Path dir;
  private ModelDownloader downloader;
  private HttpUrl url;
  private Path target;

  @BeforeEach
  void setUp() {
    server.setDispatcher(hub);
    downloader = new ModelDownloader(server.url("/").toString(), Optional.empty());
    url = downloader.urlOf(REPO, "main", ModelFiles.ONNX);
    target = dir.resolve("cache").resolve(ModelFiles.ONNX);
  }

  @Test
  void firstFetch_followsTheRedirect_checksTheHash_andRenamesIntoPlace() throws Exception {
    downloader.fetch(url, target);

    assertThat(target).hasBinaryContent(MODEL);
    assertThat(target.resolveSibling(ModelFiles.ONNX + ".part")).doesNotExist();
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/SmilingWolf/tiny-tagger/resolve/main/model.onnx");
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/cdn/main/SmilingWolf/tiny-tagger/model.onnx");
  }

  @Test
  void cachedFile_isUsedWithoutAnyRequest() throws Exception {
    downloader.fetch(url, target);
    int requests = server.getRequestCount();

    downloader.fetch(url, target);

    assertThat(server.getRequestCount()).isEqualTo(requests);
  }

  @Test
  void interruptedTransfer_isResumedWithARange() throws Exception {
    hub.cutTransfers(1);

    downloader.fetch(url, target);

    assertThat(target).hasBinaryContent(MODEL);
    List<String> ranges = rangesRequested();
    assertThat(ranges).hasSize(1);
    assertThat(ranges.get(0)).matches("bytes=[1-9]\\d*-");
  }

  @Test
  void partialFileFromAnEarlierRun_isResumed() throws Exception {
    Files.createDirectories(target.getParent());
    Files.write(target.resolveSibling(ModelFiles.ONNX + ".part"), slice(MODEL, 1000));

    downloader.fetch(url, target);

    assertThat(target).hasBinaryContent(MODEL);
    assertThat(rangesRequested()).containsExactly("bytes=1000-");
  }

  @Test
  void transferThatKeepsBreaking_keepsThePartForTheNextRun() {
    hub.cutTransfers(10);

    assertThatThrownBy(() -> downloader.fetch(url, target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broke off 3 times");
    assertThat(target).doesNotExist();
    assertThat(target.resolveSibling(ModelFiles.ONNX + ".part")).isNotEmptyFile();
  }

  @Test
  void wrongHash_isRejected_andNothingIsKept() {
    hub.announceWrongHash();

    assertThatThrownBy(() -> downloader.fetch(url, target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SHA-256");
    assertThat(target).doesNotExist();
    assertThat(target.resolveSibling(ModelFiles.ONNX + ".part")).doesNotExist();
  }

  @Test
  void missingFile_namesTheHttpStatusAndUrl() {
    HttpUrl missing = downloader.urlOf(REPO, "main", "nope.onnx");

    assertThatThrownBy(() -> downloader.fetch(missing, dir.resolve("nope.onnx")))
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("nope.onnx");
  }

  @Test
  void repoId_isFetchedIntoTheCache_andThenWorksOffline() throws Exception {
    hub.serve(REPO, ModelFiles.LABELS, "tag_id,name,category,count\n".getBytes());
    String cache = dir.resolve("models").toString();

    ModelFiles files =
        ModelSource.of(REPO, "main", cache, server.url("/").toString(), null).resolve(noToken());
    ModelFiles offline =
        ModelSource.of(REPO, "main", cache, "http://127.0.0.1:9/", null).resolve(noToken());

    assertThat(files.onnx()).isEqualTo(dir.resolve("models/SmilingWolf_tiny-tagger/model.onnx"));
    assertThat(files.onnx()).hasBinaryContent(MODEL);
    assertThat(offline).isEqualTo(files);
  }

  private Map<String, String> noToken() {
    return Map.of("HF_HOME", dir.resolve("hf-home").toString());
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
