package dev.loraflow.pipelines;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * the client's class path, as Beam detects it, less the libraries the cluster has (Flink's own
 * jars) or the job's workers never load (ONNX Runtime without the WD14 tagger; DJL, PyTorch and the
 * loss chart's XChart, which only the trainer uses, and the trainer runs on the client; Google
 * Cloud Storage and its gRPC when no path option, {@code --tempLocation} included, is on {@code
 * gs://}). Each class path entry is told by what it holds, so a jar from Maven, a distribution's
 * lib folder or an IDE's output all count.
 *
 * <p>A filtered class path rather than a shaded job jar: it is the class path the client itself
 * runs, so it needs no package step ({@code mvn compile exec:java} submits from {@code
 * target/classes}, which Beam zips), cannot go stale against the code that built the pipeline, and
 * the build makes no second copy of a hundred megabytes.
 */
final class FlinkStaging {
  /** Libraries left out of a job, each known by the folders its files lie in. */
  enum Library {
    FLINK("Flink's own jars, which the cluster has", "org/apache/flink/"),
    ONNX_RUNTIME("ONNX Runtime, for --tagger=wd14 only", "ai/onnxruntime/"),
    TRAINER(
        "DJL, PyTorch, JNA and XChart, which the trainer uses on this machine",
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
        "com/madgag/gif/"),
    // Beam's Flink runner brings Beam's GCS file system, whose registrar would fail on a worker
    // without the rest: the whole group goes, registrar included, unless a path is on gs://.
    GOOGLE_CLOUD(
        "Google Cloud Storage and the gRPC it uses, for gs:// paths only",
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
        "com/google/auth/",
        "com/google/common/flogger/",
        "com/google/re2j/",
        "org/threeten/bp/",
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
    private final List<String> folders;

    Library(String why, String... folders) {
      this.why = why;
      this.folders = List.of(folders);
    }

    boolean holds(String name) {
      return folders.stream().anyMatch(name::startsWith);
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
    for (Library library : Library.values()) {
      if (content.stream().allMatch(library::holds)) {
        return Optional.of(library);
      }
    }
    return Optional.empty();
  }

  private static String megabytes(List<Entry> entries) {
    return String.format("%.1f MB", entries.stream().mapToLong(Entry::bytes).sum() / 1e6);
  }
}
