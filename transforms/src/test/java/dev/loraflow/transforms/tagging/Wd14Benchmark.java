package dev.loraflow.transforms.tagging;

import com.sun.management.OperatingSystemMXBean;
import dev.loraflow.transforms.image.ByteImage;
import dev.loraflow.transforms.image.WhiteSquare;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SampleCoder;
import dev.loraflow.transforms.tagging.onnx.ExecutionProvider;
import dev.loraflow.transforms.tagging.onnx.InferenceSettings;
import dev.loraflow.transforms.tagging.onnx.ModelFiles;
import dev.loraflow.transforms.tagging.onnx.Wd14Model;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Images per second through {@link Wd14Tagger} on the DirectRunner versus the bare ONNX Runtime
 * session, on the same model, batch size and intra-op threads. Not a test: run it by hand.
 *
 * <ul>
 *   <li><b>bare session</b>: {@code session.run} over inputs decoded and resized beforehand: the
 *       ceiling, what the model alone can do (each run still turns its inputs' bytes into the
 *       model's floats, as every run does: about 0.3 ms an image);
 *   <li><b>sequential</b>: decode, resize, run, one after the other on one thread, as the Python
 *       taggers do without data-loader workers ({@code sequential=false} leaves it out);
 *   <li><b>Beam</b>: the transform on the DirectRunner with {@code parallelism} workers (default 1;
 *       {@code parallelism=0} keeps the DirectRunner's own default, as a recipe run has it), decode
 *       and resize overlapping inference. Its time includes pipeline start and session setup. The
 *       DirectRunner's immutability/encodability checks are off unless {@code
 *       directRunnerChecks=true}: they cost every step of any pipeline, not this transform.
 * </ul>
 *
 * <pre>
 * mvn -q -o -pl transforms -am test-compile dependency:build-classpath \
 *   -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd transforms &amp;&amp; java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   dev.loraflow.transforms.tagging.Wd14Benchmark images=200 batch=4 threads=2 rounds=3
 * </pre>
 */
public final class Wd14Benchmark {

  /** The images for the Beam run's read step; a static, as DoFns must not capture them. */
  private static List<Sample> inMemory;

  private Wd14Benchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int images = Integer.parseInt(options.getOrDefault("images", "200"));
    int batch = Integer.parseInt(options.getOrDefault("batch", "4"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
    int prepThreads = Integer.parseInt(options.getOrDefault("prepThreads", "0"));
    int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "1"));
    Path dir = Path.of(options.getOrDefault("dir", "target/wd14-bench"));

    ModelFiles files = ModelFiles.in(BenchmarkModel.writeIfAbsent(dir));
    List<Sample> samples = BenchmarkImages.generate(images);
    long bytes = samples.stream().mapToLong(s -> s.bytes().length).sum();
    System.out.printf(
        "%d images (1-2 MP, 3/4 JPEG, 1/4 PNG, %.0f KB average), batch %d, %d intra-op threads,"
            + " %d preprocess threads, %d cores, DirectRunner parallelism %s%n",
        images,
        bytes / 1024.0 / images,
        batch,
        threads,
        prepThreads,
        Runtime.getRuntime().availableProcessors(),
        parallelism == 0 ? "default" : String.valueOf(parallelism));

    boolean checks = Boolean.parseBoolean(options.getOrDefault("directRunnerChecks", "false"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
    boolean withSequential = Boolean.parseBoolean(options.getOrDefault("sequential", "true"));
    InferenceSettings settings =
        InferenceSettings.of(batch, threads, prepThreads, ExecutionProvider.CPU);
    // Rounds alternate the three ways, so load from other processes hits each about equally;
    // the ratios within a round are the figures to trust.
    List<Double> ratios = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Measure bare;
      Measure sequential;
      try (Wd14Model model = Wd14Model.load(files, settings)) {
        List<ByteImage> inputs = prepareAll(model, samples);
        bare = Measure.of(samples.size(), () -> bareSession(model, inputs));
        sequential =
            withSequential ? Measure.of(samples.size(), () -> sequential(model, samples)) : null;
      }
      Measure beam =
          Measure.of(
              samples.size(),
              () -> beam(files, samples, batch, threads, prepThreads, parallelism, checks));
      ratios.add(beam.imagesPerSecond / bare.imagesPerSecond);
      cpuRatios.add(bare.cpuMsPerImage / beam.cpuMsPerImage);
      System.out.printf(
          "round %d: bare session %s | sequential %s | Beam %s (%.2fx bare),"
              + " DirectRunner checks %s%n",
          round,
          bare,
          sequential != null ? sequential : "not run",
          beam,
          beam.imagesPerSecond / bare.imagesPerSecond,
          checks ? "on" : "off");
    }
    System.out.printf(
        "median Beam / bare session: %.2fx in images/s; %.2fx in CPU time per image (what an"
            + " otherwise idle machine would see, as both keep every core busy)%n",
        median(ratios), median(cpuRatios));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static List<ByteImage> prepareAll(Wd14Model model, List<Sample> samples)
      throws Exception {
    List<ByteImage> inputs = new ArrayList<>();
    for (Sample sample : samples) {
      inputs.add(WhiteSquare.prepare(sample.bytes(), model.inputSize()));
    }
    model.run(inputs.subList(0, model.batchSize())); // warm-up
    return inputs;
  }

  /** Wall-clock throughput and process CPU time (JVM and ONNX Runtime threads) of one way. */
  private record Measure(double imagesPerSecond, double cpuMsPerImage) {

    interface Run {
      void run() throws Exception;
    }

    static Measure of(int images, Run run) throws Exception {
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu = os.getProcessCpuTime();
      long start = System.nanoTime();
      run.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Measure(images / seconds, (os.getProcessCpuTime() - cpu) / 1e6 / images);
    }

    @Override
    public String toString() {
      return String.format("%.2f images/s, %.0f CPU ms/image", imagesPerSecond, cpuMsPerImage);
    }
  }

  private static void bareSession(Wd14Model model, List<ByteImage> inputs) throws Exception {
    for (int i = 0; i < inputs.size(); i += model.batchSize()) {
      model.run(inputs.subList(i, Math.min(i + model.batchSize(), inputs.size())));
    }
  }

  private static void sequential(Wd14Model model, List<Sample> samples) throws Exception {
    for (int i = 0; i < samples.size(); i += model.batchSize()) {
      List<ByteImage> batch = new ArrayList<>();
      for (Sample sample : samples.subList(i, Math.min(i + model.batchSize(), samples.size()))) {
        batch.add(WhiteSquare.prepare(sample.bytes(), model.inputSize()));
      }
      model.run(batch);
    }
  }

  private static void beam(
      ModelFiles files,
      List<Sample> samples,
      int batch,
      int threads,
      int prepThreads,
      int parallelism,
      boolean checks) {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    if (parallelism > 0) {
      options.setTargetParallelism(parallelism);
    }
    // The DirectRunner's immutability and encodability checks re-encode every element at every
    // step: ~50 ms per 440 KB image and step here, whatever the step does. Tests keep them on.
    options.setEnforceImmutability(checks);
    options.setEnforceEncodability(checks);
    Pipeline p = Pipeline.create(options);
    List<Integer> indices = IntStream.range(0, samples.size()).boxed().toList();
    // Indices in, samples out of memory: a Create of 100 MB of images would measure the
    // DirectRunner's Create (seconds), not the tagger. A real recipe reads files the same way.
    inMemory = samples;
    p.apply(Create.of(indices))
        .apply(
            "Read", MapElements.into(TypeDescriptor.of(Sample.class)).via(Wd14Benchmark::sampleAt))
        .setCoder(SampleCoder.of())
        .apply(
            Wd14Tagger.create()
                .withModel(files.onnx().getParent().toString())
                .withBatchSize(batch)
                .withIntraOpThreads(threads)
                .withPreprocessThreads(prepThreads))
        .samples()
        .apply(Count.globally())
        .apply("Report", MapElements.into(TypeDescriptors.strings()).via(n -> "Beam tagged " + n))
        .apply("Print", MapElements.into(TypeDescriptors.voids()).via(Wd14Benchmark::print));
    p.run().waitUntilFinish();
  }

  private static Sample sampleAt(int index) {
    return inMemory.get(index);
  }

  private static Void print(String line) {
    System.out.println(line);
    return null;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      options.put(pair[0], pair.length > 1 ? pair[1] : "");
    }
    return options;
  }
}
