package dev.loraflow.trainer.nn;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes libtorch's OpenMP threads sleep, not spin, while they wait for each other, unless the user
 * chose a policy. libgomp spins at every barrier by default; with the cores shared (another
 * process, Beam's workers, a second run) a spinning thread burns the time slice its partner needs,
 * and a UNet pass, thousands of small parallel ops, then takes 1.5-2x longer. Sleeping costs
 * nothing measurable on an idle machine (docs/performance.md).
 *
 * <p>libgomp reads {@code OMP_WAIT_POLICY} once, when libtorch is loaded, so this must run before
 * DJL's PyTorch engine is first used; afterwards it changes nothing. On Windows libtorch's OpenMP
 * is Microsoft's, and there is no C library named "c" to call, so nothing is done there.
 */
public final class OpenMpWaitPolicy {

  private static final AtomicBoolean APPLIED = new AtomicBoolean();

  private OpenMpWaitPolicy() {}

  /** The C library's setenv: the variable must reach libgomp's getenv, not Java's copy of env. */
  private interface C extends Library {
    int setenv(String name, String value, int overwrite);
  }

  /**
   * Sets {@code OMP_WAIT_POLICY=PASSIVE} for this process where neither it nor spin counts are set.
   */
  public static void passiveUnlessSet() {
    if (APPLIED.getAndSet(true)
        || Platform.isWindows()
        || System.getenv("OMP_WAIT_POLICY") != null
        || System.getenv("GOMP_SPINCOUNT") != null) {
      return;
    }
    Native.load("c", C.class).setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  }
}
