package dev.loraflow.transforms.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loraflow.testing.FakeHub;
import dev.loraflow.testing.TinyWd14;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.tagging.onnx.ModelFiles;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revisions, tokens and refusals against a fake Hugging Face. */
class HubAccessTest {

  private static final String REPO = "owner/tiny";
  private static final String TOKEN = "hf_zYx9SecretTokenValue";

  @StartStop private final MockWebServer server = new MockWebServer();
  private final FakeHub hub = new FakeHub();

  @TempDir Path dir;
  private byte[] onnx;
  private byte[] labels;

  @BeforeEach
  void setUp() throws IOException {
    Path local = TinyWd14.write(dir.resolve("source"));
    onnx = Files.readAllBytes(local.resolve(ModelFiles.ONNX));
    labels = Files.readAllBytes(local.resolve(ModelFiles.LABELS));
    hub.serve(REPO, ModelFiles.ONNX, onnx).serve(REPO, ModelFiles.LABELS, labels);
    server.setDispatcher(hub);
  }

  @Test
  void givenAPinnedCommit_downloadsThatRevision_intoItsOwnFolder() throws Exception {
    byte[] olderLabels = "tag_id,name,category,count\n0,old,0,1\n".getBytes(StandardCharsets.UTF_8);
    hub.serve(REPO, "0123abc", ModelFiles.ONNX, onnx)
        .serve(REPO, "0123abc", ModelFiles.LABELS, olderLabels);

    ModelFiles main = source("main", null).resolve(noTokenEnv());
    ModelFiles pinned = source("0123abc", null).resolve(noTokenEnv());

    assertThat(main.labels()).isEqualTo(cache().resolve("owner_tiny").resolve(ModelFiles.LABELS));
    assertThat(pinned.labels())
        .isEqualTo(cache().resolve("owner_tiny@0123abc").resolve(ModelFiles.LABELS));
    assertThat(main.labels()).hasBinaryContent(labels);
    assertThat(pinned.labels()).hasBinaryContent(olderLabels);
    assertThat(resolvePaths())
        .contains(
            "/owner/tiny/resolve/main/selected_tags.csv", "/owner/tiny/resolve/0123abc/model.onnx");
  }

  @Test
  void aRepoId_isFetchedIntoTheCache_andThenWorksOffline() throws Exception {
    ModelFiles files = source("main", null).resolve(noTokenEnv());
    ModelFiles offline =
        ModelSource.of(REPO, "main", cache().toString(), "http://127.0.0.1:9/", null)
            .resolve(noTokenEnv());

    assertThat(files.onnx()).isEqualTo(cache().resolve("owner_tiny").resolve(ModelFiles.ONNX));
    assertThat(files.onnx()).hasBinaryContent(onnx);
    assertThat(offline).isEqualTo(files);
  }

  @Test
  void givenABranchWithASlash_sendsItAsOneEscapedSegment() throws Exception {
    hub.serve(REPO, "refs/pr/1", ModelFiles.ONNX, onnx)
        .serve(REPO, "refs/pr/1", ModelFiles.LABELS, labels);

    ModelFiles files = source("refs/pr/1", null).resolve(noTokenEnv());

    assertThat(files.onnx().getParent().getFileName().toString())
        .isEqualTo("owner_tiny@refs%2Fpr%2F1");
    assertThat(resolvePaths()).contains("/owner/tiny/resolve/refs%2Fpr%2F1/model.onnx");
  }

  @Test
  void givenHfToken_sendsItAsBearer() throws Exception {
    hub.requireToken(TOKEN);

    source("main", null).resolve(Map.of("HF_TOKEN", TOKEN, "HF_HOME", dir.toString()));

    RecordedRequest first = server.takeRequest();
    assertThat(first.getUrl().encodedPath())
        .isEqualTo("/owner/tiny/resolve/main/selected_tags.csv");
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void givenNoToken_aRefusalNamesTheRepo_andSaysATokenMayBeNeeded() {
    hub.requireToken(TOKEN);

    assertThatThrownBy(() -> source("main", null).resolve(noTokenEnv()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refused WD14 model repo owner/tiny at revision main (HTTP 401)")
        .hasMessageContaining("a token may be needed")
        .hasMessageContaining("HF_TOKEN");
  }

  @Test
  void givenAWrongToken_aRefusalSaysWhereTheTokenCameFrom_notTheToken() throws IOException {
    hub.requireToken(TOKEN);
    Path file = Files.writeString(dir.resolve("token"), "hf_wrongWrongWrong");

    assertThatThrownBy(() -> source("main", file.toString()).resolve(noTokenEnv()))
        .hasMessageContaining("owner/tiny at revision main (HTTP 403)")
        .hasMessageContaining("The token from " + file + " was sent")
        .hasMessageNotContaining("hf_wrongWrongWrong");
  }

  @Test
  void theToken_goesOnTheWire_andNowhereElse() throws Exception {
    hub.requireToken(TOKEN);
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Path wrongFile = Files.writeString(dir.resolve("wrong"), TOKEN + "Wrong\n");
    List<String> texts = new ArrayList<>();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(tee);
    System.setOut(tee);
    try {
      Wd14Tagger tagger = tagger().withTokenFile(tokenFile.toString());
      tag(tagger);
      texts.add(tagger.toString());
      texts.add(DisplayData.from(tagger).toString());
      texts.add(
          failure(() -> tag(tagger().withRevision("v2").withTokenFile(wrongFile.toString()))));
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    texts.add(captured.toString(StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.walk(cache())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        texts.add(file + "\n" + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }

    assertThat(tokenSentOnTheWire()).isTrue();
    assertThat(texts.get(2)).contains("refused WD14 model repo owner/tiny at revision v2");
    assertThat(texts).noneMatch(text -> text.contains(TOKEN));
  }

  private Wd14Tagger tagger() {
    return Wd14Tagger.create()
        .withModel(REPO)
        .withCacheDir(cache().toString())
        .withBaseUrl(server.url("/").toString());
  }

  private static void tag(Wd14Tagger tagger) {
    Sample red = TestImages.sample("red", TestImages.solidPng(Color.RED, 32, 32));
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(red).withCoder(SampleCoder.of())).apply(tagger);
    p.run().waitUntilFinish();
  }

  private static String failure(Runnable run) {
    try {
      run.run();
      throw new AssertionError("the run should have failed");
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      System.err.println(trace);
      return trace.toString();
    }
  }

  private boolean tokenSentOnTheWire() throws InterruptedException {
    boolean sent = false;
    RecordedRequest request;
    while ((request = server.takeRequest(0, TimeUnit.SECONDS)) != null) {
      sent |= ("Bearer " + TOKEN).equals(request.getHeaders().get("Authorization"));
    }
    return sent;
  }

  private List<String> resolvePaths() throws InterruptedException {
    List<String> paths = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(0, TimeUnit.SECONDS)) != null) {
      paths.add(request.getUrl().encodedPath());
    }
    return paths;
  }

  private ModelSource source(String revision, String tokenFile) {
    return ModelSource.of(
        REPO, revision, cache().toString(), server.url("/").toString(), tokenFile);
  }

  private Path cache() {
    return dir.resolve("cache");
  }

  /** An environment without HF_TOKEN whose huggingface_hub home holds no token. */
  private Map<String, String> noTokenEnv() {
    return Map.of("HF_HOME", dir.resolve("hf-home").toString());
  }
}
