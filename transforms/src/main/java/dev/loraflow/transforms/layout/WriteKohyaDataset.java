package dev.loraflow.transforms.layout;

import com.google.auto.value.AutoValue;
import dev.loraflow.transforms.model.Hashes;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.ReportNote;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a kohya dataset: {@code <output>/img/{repeats}_{name}/} with each image and its same-named
 * {@code .txt} caption (one line, tags joined with {@code ", "}), plus {@code dataset.json}, {@code
 * rejects.jsonl} and {@code tags-report.json} (the stages' {@link ReportNote}s) in {@code
 * <output>}. An image without tags gets no caption file: kohya rejects empty ones and captions such
 * images with the folder's name.
 *
 * <p>Repeats are {@code max(1, floor(budget / images))} (the guide: 1000 / 50 images = 20). Every
 * file is written atomically through Beam's {@code FileSystems}, so the same code writes to a local
 * disk or a cluster's file system.
 *
 * <p>An earlier dataset in the folder is replaced only once the new one is complete: the new one is
 * written to {@code .loraflow/staging/} beside it, then put in place. Only files the earlier run
 * wrote, still with the MD5 its {@code dataset.json} lists, are deleted; anything else in the
 * repeat folder is kept and named in a warning. A run killed while it writes leaves the earlier
 * dataset whole; one killed while it puts the new one in place leaves that to the next run, which
 * finishes it first (see {@link DatasetFolder#recover}).
 *
 * <pre>{@code
 * samplesAndRejects.apply(WriteKohyaDataset.to("/data/out").withName("reimu"));
 * }</pre>
 */
@AutoValue
public abstract class WriteKohyaDataset extends PTransform<SamplesAndRejects, PDone> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(WriteKohyaDataset.class);

  abstract String outputDirectory();

  abstract String name();

  abstract int repeatBudget();

  abstract Builder toBuilder();

  /** Writes into {@code outputDirectory}; {@link #withName} is required. */
  public static WriteKohyaDataset to(String outputDirectory) {
    if (outputDirectory == null || outputDirectory.isBlank()) {
      throw new IllegalArgumentException("WriteKohyaDataset.to(dir): an output folder is required");
    }
    return new AutoValue_WriteKohyaDataset.Builder()
        .setOutputDirectory(outputDirectory)
        .setName("")
        .setRepeatBudget(RepeatFolder.DEFAULT_BUDGET)
        .build();
  }

  /** The LoRA's name, the part of the folder name after the repeat count. */
  public WriteKohyaDataset withName(String name) {
    return toBuilder().setName(RepeatFolder.checkName(name)).build();
  }

  /** Image steps an epoch to aim for (default 1000); above 1150 the guide warns of overbaking. */
  public WriteKohyaDataset withRepeatBudget(int budget) {
    RepeatFolder.repeats(1, budget);
    if (budget > RepeatFolder.GUIDE_MAX_BUDGET) {
      LOG.warn(
          "WriteKohyaDataset.withRepeatBudget: {} is above {}: the guide finds such LoRAs tend to"
              + " overbake",
          budget,
          RepeatFolder.GUIDE_MAX_BUDGET);
    }
    return toBuilder().setRepeatBudget(budget).build();
  }

  @Override
  public PDone expand(SamplesAndRejects input) {
    RepeatFolder.checkName(name());
    // Before any image is written: the staging folder must hold only this run's files.
    PCollectionView<List<String>> recovered =
        input
            .getPipeline()
            .apply("Start", Create.of("recover"))
            .apply("Recover an interrupted write", ParDo.of(new RecoverFn(outputDirectory())))
            .apply("Recovered", View.asList());
    PCollectionView<Long> imageCount =
        input
            .samples()
            .apply("Count images", Count.globally())
            .apply("As side input", View.asSingleton());
    PCollection<String> entries =
        input
            .samples()
            .apply(
                "Write images and captions",
                ParDo.of(
                        new WritePairFn(
                            outputDirectory(), name(), repeatBudget(), imageCount, recovered))
                    .withSideInputs(imageCount, recovered))
            .setCoder(StringUtf8Coder.of());
    PCollectionView<List<String>> entryList = entries.apply("Collect entries", View.asList());
    PCollectionView<List<Reject>> rejectList =
        input.rejects().apply("Collect rejects", View.asList());
    PCollectionView<List<ReportNote>> noteList =
        input.notes("Gather notes").apply("Collect notes", View.asList());
    input
        .getPipeline()
        .apply("Once", Create.of("manifest"))
        .apply(
            "Write dataset.json and reports",
            ParDo.of(
                    new WriteManifestFn(
                        outputDirectory(), name(), repeatBudget(), entryList, rejectList, noteList))
                .withSideInputs(entryList, rejectList, noteList));
    return PDone.in(input.getPipeline());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("output", outputDirectory()).withLabel("Output folder"))
        .add(DisplayData.item("name", name()).withLabel("Dataset name"))
        .add(DisplayData.item("repeatBudget", repeatBudget()).withLabel("Image steps per epoch"));
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setOutputDirectory(String outputDirectory);

    abstract Builder setName(String name);

    abstract Builder setRepeatBudget(int repeatBudget);

    abstract WriteKohyaDataset build();
  }

  /**
   * Decides the repeat folder from the image count, then writes one image and its caption into the
   * staging folder.
   */
  private static final class WritePairFn extends DoFn<Sample, String> {
    private static final long serialVersionUID = 1L;
    private final String outputDirectory;
    private final String name;
    private final int budget;
    private final PCollectionView<Long> imageCount;
    private final PCollectionView<List<String>> recovered;

    WritePairFn(
        String outputDirectory,
        String name,
        int budget,
        PCollectionView<Long> imageCount,
        PCollectionView<List<String>> recovered) {
      this.outputDirectory = outputDirectory;
      this.name = name;
      this.budget = budget;
      this.imageCount = imageCount;
      this.recovered = recovered;
    }

    @ProcessElement
    public void process(ProcessContext context) throws IOException {
      context.sideInput(recovered); // only once the staging folder is this run's alone
      Sample sample = context.element();
      int repeats = RepeatFolder.repeats(context.sideInput(imageCount), budget);
      FolderFiles staging = DatasetFolder.at(outputDirectory).staging().files();
      String folder = "img/" + RepeatFolder.folderName(repeats, name);
      String imageFile = SafeFileNames.imageFileName(sample);
      byte[] image = sample.bytes();
      List<DatasetManifest.WrittenFile> files = new ArrayList<>();
      AtomicFiles.write(staging.resolve(folder + "/" + imageFile), image);
      // the MD5 of the file written, which differs from the input's when decoding converted it
      String imageMd5 = Hashes.md5Hex(image);
      files.add(new DatasetManifest.WrittenFile(folder + "/" + imageFile, imageMd5));
      // kohya refuses an empty caption file but captions a missing one with the folder's name.
      if (!sample.caption().isEmpty()) {
        String captionFile = folder + "/" + SafeFileNames.captionFileName(sample);
        byte[] caption = String.join(", ", sample.caption()).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(staging.resolve(captionFile), caption);
        files.add(new DatasetManifest.WrittenFile(captionFile, Hashes.md5Hex(caption)));
      }
      DatasetManifest.Entry entry =
          new DatasetManifest.Entry(
              imageFile,
              sample.caption(),
              sample.id(),
              sample.source(),
              sample.uri(),
              imageMd5,
              sample.width(),
              sample.height());
      context.output(DatasetManifest.pairToJson(new DatasetManifest.WrittenPair(entry, files)));
    }
  }

  /** Finishes or discards what an interrupted run left, before this run writes anything. */
  private static final class RecoverFn extends DoFn<String, String> {
    private static final long serialVersionUID = 1L;
    private final String outputDirectory;

    RecoverFn(String outputDirectory) {
      this.outputDirectory = outputDirectory;
    }

    @ProcessElement
    public void process(ProcessContext context) throws IOException {
      DatasetFolder folder = DatasetFolder.at(outputDirectory);
      List<String> kept = folder.recover();
      if (!kept.isEmpty()) {
        LOG.warn(folder.keepingMessage(kept));
      }
      context.output(context.element());
    }
  }

  /** Runs once, after every pair is written: the manifest, the rejects and the tags report. */
  private static final class WriteManifestFn extends DoFn<String, Void> {
    private static final long serialVersionUID = 1L;
    private final String outputDirectory;
    private final String name;
    private final int budget;
    private final PCollectionView<List<String>> entries;
    private final PCollectionView<List<Reject>> rejects;
    private final PCollectionView<List<ReportNote>> notes;

    WriteManifestFn(
        String outputDirectory,
        String name,
        int budget,
        PCollectionView<List<String>> entries,
        PCollectionView<List<Reject>> rejects,
        PCollectionView<List<ReportNote>> notes) {
      this.outputDirectory = outputDirectory;
      this.name = name;
      this.budget = budget;
      this.entries = entries;
      this.rejects = rejects;
      this.notes = notes;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      List<DatasetManifest.Entry> written = new ArrayList<>();
      List<DatasetManifest.WrittenFile> files = new ArrayList<>();
      for (String json : context.sideInput(entries)) {
        DatasetManifest.WrittenPair pair = DatasetManifest.pairFromJson(json);
        written.add(pair.entry());
        files.addAll(pair.files());
      }
      List<Reject> refused = context.sideInput(rejects);
      DatasetManifest manifest =
          DatasetManifest.of(
              name, RepeatFolder.repeats(written.size(), budget), written, files, refused.size());
      DatasetFolder folder = DatasetFolder.at(outputDirectory);
      FolderFiles staging = folder.staging().files();
      try {
        AtomicFiles.write(
            staging.resolve(RejectsReport.FILE_NAME), RejectsReport.toJsonLines(refused));
        AtomicFiles.write(
            staging.resolve(TagsReport.FILE_NAME), TagsReport.toJson(context.sideInput(notes)));
        // Last, so a staged dataset.json always describes a complete dataset.
        AtomicFiles.write(staging.resolve(DatasetManifest.FILE_NAME), manifest.toJson());
        List<String> kept = DatasetCommit.commit(folder);
        if (!kept.isEmpty()) {
          LOG.warn(folder.keepingMessage(kept));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot put the dataset in place in " + outputDirectory + ": " + e.getMessage(), e);
      }
    }
  }
}
