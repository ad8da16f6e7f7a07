package dev.loraflow.transforms.source.booru;

/** Time as the limiters and retries see it; tests pass a fake that advances when it sleeps. */
interface Clock {

  Clock SYSTEM =
      new Clock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
          if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
          }
        }
      };

  long nanoTime();

  void sleep(long nanos) throws InterruptedException;
}
