package dev.loraflow.transforms.source;

import com.google.auto.value.AutoValue;
import dev.loraflow.transforms.model.ImageBytes;
import dev.loraflow.transforms.model.ImageFormat;
import dev.loraflow.transforms.model.Reject;
import dev.loraflow.transforms.model.Sample;
import dev.loraflow.transforms.model.SamplesAndRejects;
import dev.loraflow.transforms.model.Tag;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a folder of images with their same-named {@code .txt} captions: the guide's manual and
 * auto-tagging datasets, and Grabber's downloads.
 *
 * <p>Takes {@code .png .jpg .jpeg .webp .bmp} in any letter case; an image without a caption is
 * kept with no tags. Other files (except captions and hidden files) are rejected as unsupported, so
 * a folder of GIFs does not silently become an empty dataset. Input files are only read, and must
 * not change while the pipeline runs: samples point at them rather than holding their bytes.
 *
 * <p>Ids are the file's path relative to the folder ({@code folder:sub/a.png}), however the folder
 * was named ({@code ../in}, {@code ./in}). Links are followed only where they lead to a file inside
 * the folder: an image or caption linked to a file elsewhere is rejected, and the links are named
 * in a warning when the pipeline is built, so a link cannot put a file from outside into a dataset.
 *
 * <pre>{@code
 * SamplesAndRejects read = pipeline.apply(ReadImageFolder.from("/data/reimu").withRecursive(true));
 * }</pre>
 */
@AutoValue
public abstract class ReadImageFolder extends PTransform<PBegin, SamplesAndRejects> {
  private static final long serialVersionUID = 1L;

  /** Source name in samples. */
  public static final String SOURCE = "folder";

  /** Stage name in rejects. */
  public static final String STAGE = "read";

  private static final Logger LOG = LoggerFactory.getLogger(ReadImageFolder.class);

  private static final String LINK_OUT =
      "is a link that leads out of the input folder: not followed";

  private static final String UNSUPPORTED =
      "unsupported file type: loraflow reads .png .jpg .jpeg .webp .bmp";

  abstract String directory();

  abstract boolean recursive();

  abstract Builder toBuilder();

  /**
   * Reads the images directly inside {@code directory} (a local path or any Beam file system URI).
   */
  public static ReadImageFolder from(String directory) {
    if (directory == null || directory.isBlank()) {
      throw new IllegalArgumentException("ReadImageFolder.from(dir): an image folder is required");
    }
    String trimmed =
        directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
    return new AutoValue_ReadImageFolder.Builder()
        .setDirectory(trimmed)
        .setRecursive(false)
        .build();
  }

  /** Also reads images in subfolders, at any depth. */
  public ReadImageFolder withRecursive(boolean recursive) {
    return toBuilder().setRecursive(recursive).build();
  }

  @Override
  public SamplesAndRejects expand(PBegin begin) {
    String pattern = directory() + (recursive() ? "/**" : "/*");
    List<MatchResult.Metadata> found = requireSomeFile(pattern);
    // Normalised and absolute, as the matched files' ids are: ids are paths relative to it.
    String root = FileSystems.matchNewResource(directory(), true).toString();
    warnOfLinksLeadingOut(root, found);
    PCollection<MatchResult.Metadata> files =
        begin.apply("Match files", FileIO.match().filepattern(pattern));
    return SamplesAndRejects.apply(files, "Read images and captions", new ReadFn(root));
  }

  // Fails while the pipeline is built, before anything runs, naming the setting and the folder.
  private List<MatchResult.Metadata> requireSomeFile(String pattern) {
    try {
      MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new IllegalArgumentException(
            "ReadImageFolder.from(dir): folder '"
                + directory()
                + "' does not exist or holds no files");
      }
      return match.metadata();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "ReadImageFolder.from(dir): folder '"
              + directory()
              + "' cannot be listed: "
              + e.getMessage(),
          e);
    }
  }

  private void warnOfLinksLeadingOut(String root, List<MatchResult.Metadata> found) {
    Optional<FolderLinks> links = FolderLinks.of(root);
    if (links.isEmpty()) {
      return;
    }
    List<String> out = new ArrayList<>();
    for (MatchResult.Metadata file : found) {
      if (links.get().leadsOut(file.resourceId())) {
        out.add(file.resourceId().toString().substring(root.length()));
      }
    }
    if (!out.isEmpty()) {
      LOG.warn(
          "ReadImageFolder.from(dir): skipping {} link(s) in '{}' that lead to files outside it: {}",
          out.size(),
          directory(),
          String.join(", ", out));
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("directory", directory()).withLabel("Image folder"))
        .add(DisplayData.item("recursive", recursive()).withLabel("Include subfolders"));
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setDirectory(String directory);

    abstract Builder setRecursive(boolean recursive);

    abstract ReadImageFolder build();
  }

  private static final class ReadFn extends DoFn<MatchResult.Metadata, Sample> {
    private static final long serialVersionUID = 1L;
    private final String root;
    private transient Optional<FolderLinks> links;

    /** {@code root}: the folder as a normalised directory id, ending with its separator. */
    ReadFn(String root) {
      this.root = root;
    }

    @Setup
    public void setup() {
      links = FolderLinks.of(root);
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata file, MultiOutputReceiver out) {
      ResourceId resource = file.resourceId();
      String fileName = resource.getFilename();
      if (fileName == null || fileName.startsWith(".") || fileName.toLowerCase().endsWith(".txt")) {
        return; // hidden files and captions are not inputs of their own
      }
      String relative = relativePath(resource);
      String id = SOURCE + ":" + relative;
      String uri = resource.toString();
      Optional<ImageFormat> format = ImageFormat.fromFileName(fileName);
      if (format.isEmpty()) {
        out.get(SamplesAndRejects.REJECTS).output(new Reject(id, uri, STAGE, UNSUPPORTED));
        return;
      }
      if (links.isPresent() && links.get().leadsOut(resource)) {
        out.get(SamplesAndRejects.REJECTS).output(new Reject(id, uri, STAGE, LINK_OUT));
        return;
      }
      // Opened to catch an unreadable file here, as an input error; the bytes stay on disk until
      // a stage reads them, so a large folder does not wait in memory between stages.
      try {
        FileSystems.open(resource).close();
      } catch (IOException e) {
        out.get(SamplesAndRejects.REJECTS)
            .output(Reject.inputError(id, uri, STAGE, "unreadable file: " + e.getMessage()));
        return;
      }
      String baseName = fileName.substring(0, fileName.lastIndexOf('.'));
      ResourceId captionFile =
          resource
              .getCurrentDirectory()
              .resolve(baseName + ".txt", StandardResolveOptions.RESOLVE_FILE);
      if (links.isPresent() && links.get().leadsOut(captionFile)) {
        out.get(SamplesAndRejects.REJECTS)
            .output(new Reject(id, uri, STAGE, "its caption " + baseName + ".txt " + LINK_OUT));
        return;
      }
      List<String> caption;
      try {
        caption = readCaption(captionFile);
      } catch (CharacterCodingException e) {
        out.get(SamplesAndRejects.REJECTS)
            .output(
                Reject.inputError(id, uri, STAGE, "caption " + captionFile + " " + e.getMessage()));
        return;
      } catch (IOException e) {
        out.get(SamplesAndRejects.REJECTS)
            .output(
                Reject.inputError(
                    id, uri, STAGE, "unreadable caption " + captionFile + ": " + e.getMessage()));
        return;
      }
      List<Tag> tags = new ArrayList<>(caption.size());
      caption.forEach(t -> tags.add(Tag.general(t)));
      out.get(SamplesAndRejects.SAMPLES)
          .output(
              Sample.builder()
                  .setId(id)
                  .setSource(SOURCE)
                  .setUri(uri)
                  .setName(baseName)
                  .setContent(ImageBytes.inFile(uri))
                  .setTags(tags)
                  .setCaption(caption)
                  .build());
    }

    private String relativePath(ResourceId resource) {
      String full = resource.toString();
      return full.startsWith(root) ? full.substring(root.length()) : resource.getFilename();
    }

    // Opened directly rather than matched: file names may hold glob characters such as '['.
    private static List<String> readCaption(ResourceId captionFile) throws IOException {
      byte[] bytes;
      try {
        bytes = readAll(captionFile);
      } catch (FileNotFoundException | NoSuchFileException e) {
        return List.of(); // an image without a caption is kept, untagged
      }
      return CaptionFile.parse(bytes);
    }

    private static byte[] readAll(ResourceId resource) throws IOException {
      try (InputStream in = Channels.newInputStream(FileSystems.open(resource))) {
        return in.readAllBytes();
      }
    }
  }
}
