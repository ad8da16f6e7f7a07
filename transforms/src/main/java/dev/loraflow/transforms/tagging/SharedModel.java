package dev.loraflow.transforms.tagging;

import ai.onnxruntime.OrtException;
import dev.loraflow.transforms.tagging.onnx.InferenceSettings;
import dev.loraflow.transforms.tagging.onnx.Wd14Model;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model and one preprocessing pool per JVM for each model and settings, shared by every
 * {@link TagImagesFn} instance that asks for them and closed when the last one lets go.
 *
 * <p>A runner starts several instances of a DoFn in one JVM (the DirectRunner as many as it has
 * worker threads); with a session each, the model's weights would be loaded and held once per
 * instance, and each session would start its own intra-op threads. Shared, the instances run their
 * batches on the one session, which ONNX Runtime allows from several threads at once; they do not
 * wait for each other, since a runner thread that waits leaves its core to the DirectRunner's own
 * polling loop rather than to the model.
 */
final class SharedModel {

  private static final Map<Key, SharedModel> OPEN = new HashMap<>();

  private final Key key;
  private final Wd14Model model;
  private final ExecutorService preprocessing;
  private int users;

  private SharedModel(Key key, Wd14Model model, ExecutorService preprocessing) {
    this.key = key;
    this.model = model;
    this.preprocessing = preprocessing;
  }

  /** The model of {@code source}, loaded (and fetched) by the first caller; release it after. */
  static SharedModel acquire(ModelSource source, InferenceSettings settings) throws IOException {
    Key key = new Key(source, settings);
    synchronized (OPEN) {
      SharedModel shared = OPEN.get(key);
      if (shared == null) {
        Wd14Model model = Wd14Model.load(source.resolve(), settings);
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = PreprocessThreads.forMachine(settings, model.runsOnGpu(), cores);
        shared = new SharedModel(key, model, pool(threads));
        OPEN.put(key, shared);
      }
      shared.users++;
      return shared;
    }
  }

  /** Thread-safe. */
  Wd14Model model() {
    return model;
  }

  /** Decodes and resizes images for the model while it runs. */
  ExecutorService preprocessing() {
    return preprocessing;
  }

  /** Closes the model and pool when no instance uses them any more. */
  void release() throws OrtException {
    synchronized (OPEN) {
      if (--users > 0) {
        return;
      }
      OPEN.remove(key);
    }
    preprocessing.shutdownNow();
    model.close();
  }

  private static ExecutorService pool(int threads) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread thread = new Thread(task, "wd14-preprocess-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  private record Key(ModelSource source, InferenceSettings settings) {}
}
