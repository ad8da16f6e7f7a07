package dev.loraflow.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

class OpenMpWaitPolicyTest {

  /** What native code (libgomp) sees, which Java's System.getenv snapshot does not show. */
  private interface C extends Library {
    String getenv(String name);
  }

  @Test
  void withoutAUserPolicy_nativeCodeSeesPassive() {
    assumeTrue(
        System.getenv("OMP_WAIT_POLICY") == null && System.getenv("GOMP_SPINCOUNT") == null,
        "the environment chose an OpenMP wait policy, which passiveUnlessSet keeps");

    OpenMpWaitPolicy.passiveUnlessSet();

    assertThat(Native.load("c", C.class).getenv("OMP_WAIT_POLICY")).isEqualTo("PASSIVE");
  }
}
