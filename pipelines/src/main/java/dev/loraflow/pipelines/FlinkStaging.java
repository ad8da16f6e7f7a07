package dev.loraflow.pipelines;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.util.construction.resources.PipelineResources;

/**
 * What a job submitted to a Flink cluster stages ({@link FlinkPipelineOptions#getFilesToStage}):
 * the client's class path, as Beam detects it, less the libraries the cluster has (Flink's own jars
 * and what they depend on) or the job's JobManager and TaskManagers never load (ONNX Runtime
 * without the WD14 tagger; the trainer with DJL, PyTorch and the loss chart's XChart, which runs on
 * the client; Beam's DirectRunner and its portable runner's harness and job server; Google Cloud
 * Storage with its gRPC, Guava and protobuf when no path option, {@code --tempLocation} included,
 * is on {@code gs://}). What a job of local paths stages is Beam's SDK, its Flink runner and the
 * vendored gRPC whose protobuf Beam's model classes are built on, loraflow's transforms and the
 * libraries they use (OkHttp for the boorus, ImageIO plugins, Jackson). Each class path entry is
 * told by what it holds, so a jar from Maven, a distribution's lib folder or an IDE's output all
 * count.
 *
 * <p>A filtered class path rather than a shaded job jar: it is the class path the client itself
 * runs, so it needs no package step ({@code mvn compile exec:java} submits from {@code
 * target/classes}, which Beam zips), cannot go stale against the code that built the pipeline, and
 * the build makes no second copy of a hundred megabytes.
 */
final class FlinkStaging {
  /**
   * Libraries left out of a job, each known by the folders its files lie in; a jar that bundles
   * copies of other libraries (Beam's runner jars do) is known by some of its files in the
   * library's folders and the rest in those it copies.
   */
  enum Library {
    FLINK(
        "Flink's own jars and the libraries they bring, which the cluster has",
        List.of(),
        "org/apache/flink/",
        // What Flink 1.19's jars depend on, which lib/flink-dist.jar bundles; Beam and loraflow use
        // none of them (Beam's own, such as commons-lang3 and snappy, stay staged in its versions).
        "org/apache/commons/math3/",
        "assets/org/apache/commons/math3/",
        "org/apache/commons/text/",
        "org/apache/commons/collections/",
        "org/apache/commons/io/",
        "org/apache/commons/cli/",
        "com/esotericsoftware/",
        "org/objenesis/",
        "com/twitter/chill/",
        "javassist/",
        "net/jpountz/",
        "org/snakeyaml/engine/",
        "one/profiler/",
        "linux-x64/libasyncProfiler.so",
        "linux-arm64/libasyncProfiler.so",
        "macos/libasyncProfiler.so"),
    ONNX_RUNTIME("ONNX Runtime, for --tagger=wd14 only", List.of(), "ai/onnxruntime/"),
    TRAINER(
        "the trainer with DJL, PyTorch, JNA, XChart, jsoup and picocli, which runs on this machine",
        List.of(),
        "dev/loraflow/trainer/",
        "ai/djl/",
        "pytorch/",
        "jnilib/",
        "native/lib/pytorch.properties",
        "com/sun/jna/",
        "org/knowm/xchart/",
        "de/rototor/pdfbox/",
        "org/apache/pdfbox/",
        "org/apache/fontbox/",
        "de/erichseifert/vectorgraphics2d/",
        "com/madgag/gif/",
        "org/jsoup/",
        "picocli/",
        "com/fasterxml/jackson/dataformat/toml/"),
    // The runner jar bundles copies of Beam's SDK, which its own jars stage.
    DIRECT_RUNNER(
        "Beam's DirectRunner, which runs on this machine only",
        List.of("org/apache/beam/"),
        "org/apache/beam/runners/direct/",
        "org/apache/beam/runners/local/"),
    // Beam's Flink runner brings what its portable mode and job server use; a job of Java
    // transforms runs Beam's SDK in the TaskManager itself. The harness bundles Beam's
    // runners-core, which its own jar stages. Beam's job-management protos stay: the JobManager
    // shows a job's Beam metrics through them (MetricsContainerStepMap.toString uses
    // JobApi.MetricResults).
    BEAM_PORTABILITY(
        "Beam's SDK harness, job server and expansion service, which a Java job does not run",
        List.of("org/apache/beam/runners/core/"),
        "org/apache/beam/fn/harness/",
        "org/apache/beam/model/fnexecution/",
        "org/apache/beam/model/fn_execution/",
        "org/apache/beam/runners/fnexecution/",
        "org/apache/beam/runners/jobsubmission/",
        "org/apache/beam/sdk/expansion/",
        "org/apache/beam/sdk/transformservice/",
        "org/kohsuke/args4j/",
        "OSGI-OPT/src/org/kohsuke/args4j/"),
    // Beam's Flink runner brings Beam's GCS file system, whose registrar would fail on a worker
    // without the rest: the whole group goes, registrar included, unless a path is on gs://. Guava,
    // protobuf, Gson and Apache HttpClient come with it, and nothing else on a worker uses them
    // (Beam uses its vendored copies, the boorus are read with OkHttp).
    GOOGLE_CLOUD(
        "Google Cloud Storage and the gRPC, Guava and protobuf it uses, for gs:// paths only",
        List.of(),
        "org/apache/beam/sdk/extensions/gcp/",
        "com/google/cloud/",
        "google/cloud/",
        "com/google/storage/",
        "google/storage/",
        "com/google/monitoring/",
        "google/monitoring/",
        "com/google/api/",
        "google/api/",
        "com/google/apps/",
        "google/apps/",
        "com/google/rpc/",
        "google/rpc/",
        "com/google/type/",
        "google/type/",
        "com/google/geo/",
        "google/geo/",
        "com/google/logging/",
        "google/logging/",
        "com/google/longrunning/",
        "google/longrunning/",
        "com/google/iam/",
        "google/iam/",
        "com/google/shopping/",
        "google/shopping/",
        "com/google/auth/",
        "com/google/common/",
        "com/google/thirdparty/",
        "com/google/protobuf/",
        "google/protobuf/",
        "com/google/gson/",
        "com/google/j2objc/",
        "com/google/re2j/",
        "org/threeten/bp/",
        "org/apache/http/",
        "mozilla/public-suffix-list.txt",
        "org/apache/commons/logging/",
        "com/lmax/disruptor/",
        "org/codehaus/mojo/animal_sniffer/",
        "android/annotation/",
        "org/checkerframework/checker/nullness/compatqual/",
        "io/grpc/",
        "grpc/",
        "com/github/xds/",
        "xds/",
        "udpa/",
        "envoy/",
        "io/envoyproxy/",
        "com/github/udpa/",
        "validate/",
        "io/perfmark/",
        "org/conscrypt/",
        "io/opencensus/",
        "opencensus/",
        "io/opentelemetry/");

    private final String why;
    private final List<String> copied;
    private final List<String> folders;

    Library(String why, List<String> copied, String... folders) {
      this.why = why;
      this.copied = copied;
      this.folders = List.of(folders);
    }

    boolean holds(String name) {
      return folders.stream().anyMatch(name::startsWith);
    }

    /** Whether an entry of these files is this library: some in its folders, the rest copies. */
    boolean is(List<String> content) {
      return content.stream().anyMatch(this::holds)
          && content.stream()
              .allMatch(name -> holds(name) || copied.stream().anyMatch(name::startsWith));
    }
  }

  /** One class path entry, its size in bytes and the library it is, if one of those. */
  record Entry(String path, long bytes, Optional<Library> library) {}

  /** The entries a job stages, and those it leaves out by library. */
  record Plan(List<Entry> staged, Map<Library, List<Entry>> leftOut) {
    List<String> files() {
      return staged.stream().map(Entry::path).toList();
    }

    /** What the client says it stages. */
    String summary(String runner) {
      String left =
          leftOut.entrySet().stream()
              .map(
                  group ->
                      group.getKey().why
                          + " ("
                          + group.getValue().size()
                          + ", "
                          + megabytes(group.getValue())
                          + ")")
              .collect(Collectors.joining("; "));
      return "loraflow: the "
          + runner
          + " job stages "
          + staged.size()
          + " files ("
          + megabytes(staged)
          + ")"
          + (left.isEmpty() ? "" : ", leaving out " + left);
    }
  }

  private FlinkStaging() {}

  /**
   * Sets the files to stage of {@code options} when they submit to a Flink cluster and name none,
   * saying on {@code out} what is staged.
   */
  static void apply(RecipeOptions options, PrintStream out) {
    if (options.getRunner() != FlinkRunner.class) {
      return;
    }
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    // [local], [collection], [auto]: no cluster, or one whose CLI ships the job jar itself.
    if (flink.getFilesToStage() != null || flink.getFlinkMaster().startsWith("[")) {
      return;
    }
    List<String> classPath =
        PipelineResources.detectClassPathResourcesToStage(
            FlinkRunner.class.getClassLoader(), options);
    // Beam's temporary files count too: a gs:// --tempLocation needs the GCS file system.
    boolean gcs =
        Stream.concat(WorkerPaths.values(options), Stream.ofNullable(options.getTempLocation()))
            .anyMatch(path -> path.startsWith("gs://"));
    Plan plan = plan(classPath, options.getTagger() == AutoTagger.WD14, gcs);
    flink.setFilesToStage(plan.files());
    out.println(plan.summary(options.getRunner().getSimpleName()));
  }

  /**
   * The entries of {@code classPath} to stage, with or without the tagger's runtime and Google
   * Cloud Storage.
   */
  static Plan plan(List<String> classPath, boolean tagger, boolean gcs) {
    List<Entry> staged = new ArrayList<>();
    Map<Library, List<Entry>> leftOut = new EnumMap<>(Library.class);
    for (String path : classPath) {
      Entry entry = entry(path);
      Optional<Library> library =
          entry
              .library()
              .filter(found -> !(found == Library.ONNX_RUNTIME && tagger))
              .filter(found -> !(found == Library.GOOGLE_CLOUD && gcs));
      if (library.isPresent()) {
        leftOut.computeIfAbsent(library.get(), any -> new ArrayList<>()).add(entry);
      } else {
        staged.add(entry);
      }
    }
    return new Plan(staged, leftOut);
  }

  static Entry entry(String path) {
    Path file = Path.of(path);
    List<String> names = new ArrayList<>();
    long bytes;
    try {
      if (Files.isDirectory(file)) {
        try (Stream<Path> files = Files.walk(file)) {
          List<Path> regular = files.filter(Files::isRegularFile).toList();
          bytes = 0;
          for (Path f : regular) {
            bytes += Files.size(f);
            names.add(file.relativize(f).toString().replace(File.separatorChar, '/'));
          }
        }
      } else {
        bytes = Files.size(file);
        try (ZipFile jar = new ZipFile(file.toFile())) {
          jar.stream()
              .filter(zipEntry -> !zipEntry.isDirectory())
              .map(ZipEntry::getName)
              .forEach(names::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the class path entry " + path, e);
    }
    return new Entry(path, bytes, libraryOf(names));
  }

  // The library all of an entry's files lie in, leaving aside its metadata and top-level files
  // (licences, version stamps, an embedded jar).
  private static Optional<Library> libraryOf(List<String> names) {
    List<String> content =
        names.stream().filter(name -> !name.startsWith("META-INF/") && name.contains("/")).toList();
    if (content.isEmpty()) {
      return Optional.empty();
    }
    return Arrays.stream(Library.values()).filter(library -> library.is(content)).findFirst();
  }

  private static String megabytes(List<Entry> entries) {
    return String.format("%.1f MB", entries.stream().mapToLong(Entry::bytes).sum() / 1e6);
  }
}
