package dev.loraflow.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loraflow.pipelines.demo.DemoDataset;
import dev.loraflow.transforms.image.Hashes;
import dev.loraflow.transforms.layout.DatasetManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okio.Buffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The character recipe on a Danbooru-compatible server: {@code --source=danbooru --tags=...}. */
class BooruRecipeTest {
  private static final String KEY = "Zq9-distinctive-api-key-7731";

  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;

  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final AtomicInteger fileRequests = new AtomicInteger();
  private final AtomicInteger unauthorized = new AtomicInteger();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeEach
  void serveThreeDemoImagesAsPosts() throws Exception {
    Path demo = tmp.resolve("demo");
    DemoDataset.write(demo);
    ArrayNode posts = new ObjectMapper().createArrayNode();
    for (int id = 3; id >= 1; id--) {
      byte[] png = Files.readAllBytes(demo.resolve(String.format("demo_%02d.png", id == 3 ? 4 : id)));
      String md5 = Hashes.md5Hex(png);
      files.put(md5 + ".png", png);
      ObjectNode post = posts.addObject();
      post.put("id", id).put("md5", md5).put("file_ext", "png").put("rating", "g").put("score", 10);
      post.put("image_width", 320).put("image_height", 320).put("file_size", png.length);
      post.put("file_url", server.url("/files/" + md5 + ".png").toString());
      post.put("tag_string_general", "1girl solo pink_hair blue_eyes smile");
      post.put("tag_string_character", "demo_chan");
      post.put("tag_string_copyright", "loraflow");
      post.put("tag_string_artist", "someone");
      post.put("tag_string_meta", "highres");
      post.put("tag_string", "1girl solo pink_hair blue_eyes smile demo_chan loraflow someone highres");
    }
    String firstPage = posts.toString();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String expected = "Basic " + Base64.getEncoder().encodeToString(("alice:" + KEY).getBytes(StandardCharsets.UTF_8));
            HttpUrl url = request.getUrl();
            if (url.encodedPath().startsWith("/files/")) {
              fileRequests.incrementAndGet();
              byte[] bytes = files.get(url.pathSegments().get(1));
              return new MockResponse.Builder().body(new Buffer().write(bytes)).build();
            }
            if (!expected.equals(request.getHeaders().get("Authorization"))) {
              unauthorized.incrementAndGet();
              return new MockResponse.Builder().code(401).body("{\"success\":false}").build();
            }
            // Danbooru tells the account's level first; the pages follow.
            String body =
                url.encodedPath().equals("/profile.json")
                    ? "{\"level\": 20, \"level_string\": \"Member\", \"tag_query_limit\": 2}"
                    : "1".equals(url.queryParameter("page")) ? firstPage : "[]";
            return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
          }
        });
  }

  private int run(Path out) throws Exception {
    RecipeRunner<CharacterOptions> runner =
        new RecipeRunner<>(
            CharacterOptions.class, CharacterRecipe::from, DemoDataset::characterDefaults, new PrintStream(printed, true, StandardCharsets.UTF_8));
    return runner.run(
        runner.parse(
            new String[] {
              "--source=danbooru",
              "--baseUrl=" + server.url("/"),
              "--tags=demo_chan solo",
              "--login=alice",
              "--apiKey=" + KEY,
              "--trigger=demo chan",
              "--removeTags=pink hair,blue eyes",
              "--output=" + out
            }));
  }

  @Test
  void buildsTheDatasetFromTheBooruResumesAndNeverWritesTheKey() throws Exception {
    Path out = tmp.resolve("out");
    assertThat(run(out)).isZero();
    assertThat(unauthorized).hasValue(0);
    assertThat(fileRequests).hasValue(3);

    DatasetManifest manifest = DatasetManifest.parse(Files.readAllBytes(out.resolve("dataset.json")));
    assertThat(manifest.imageCount()).isEqualTo(3);
    assertThat(manifest.folder()).isEqualTo("img/333_demo_chan");
    // general tags only (Grabber's %general%), the trigger first, permanent traits gone
    assertThat(manifest.images()).allSatisfy(e -> assertThat(e.caption()).containsExactly("demo chan", "1girl", "solo", "smile"));
    assertThat(manifest.images()).allSatisfy(e -> assertThat(e.source()).isEqualTo("danbooru"));

    assertThat(run(out)).isZero();
    assertThat(fileRequests).as("a rerun downloads nothing it has").hasValue(3);

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("danbooru:").doesNotContain(KEY);
    try (Stream<Path> written = Files.walk(out)) {
      for (Path file : written.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(KEY);
      }
    }
  }
}
