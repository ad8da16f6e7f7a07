package dev.loraflow.hub;

/**
 * Shows a download as it goes, the caller's way (a progress bar, a log line); the client calls it
 * from the thread that downloads.
 */
@FunctionalInterface
public interface DownloadProgress {

  /** Shows nothing. */
  DownloadProgress NONE = (file, from, size) -> bytes -> {};

  /**
   * A transfer of {@code file} starts at byte {@code from} (more than 0 when resumed) of {@code
   * size} bytes (-1 when the server does not say); the transfer is closed when it ends.
   */
  Transfer start(String file, long from, long size);

  /** One transfer, told each chunk as it arrives. */
  @FunctionalInterface
  interface Transfer extends AutoCloseable {

    void advance(int bytes);

    @Override
    default void close() {}
  }
}
