package dev.loraflow.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.loraflow.trainer.testing.TorchZipWriter;
import dev.loraflow.trainer.testing.TorchZipWriter.PickleBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pickles that are legal to Python but shaped to break a Java reader: nesting a million deep,
 * structures that hold themselves, sharing that unfolds exponentially. Each must be refused with
 * one line that names the file, never a StackOverflowError or a hang.
 */
class HostilePickleTest {

  private static final int DEEP = 200_000;

  @TempDir Path dir;

  @Test
  void givenListsNestedDeeperThanAnyStateDict_refusesWithOneLine() throws Exception {
    PickleBuilder pickle = new PickleBuilder().proto(2).emptyDict().string("w");
    repeat(pickle, '(', DEEP).op('N');
    repeat(pickle, 'l', DEEP).setItem().stop();

    assertRefused(pickle, "nests deeper than 100 levels");
  }

  @Test
  void givenADeepTupleAsADictKey_refusesBeforeHashingIt() throws Exception {
    PickleBuilder pickle = new PickleBuilder().proto(2).emptyDict().op('N');
    repeat(pickle, 0x85, DEEP).op('N').setItem().stop(); // TUPLE1 wraps the last value

    assertRefused(pickle, "tuple holding a tuple as a dict key");
  }

  @Test
  void givenAListThatHoldsItselfAsADictKey_refusesBeforeHashingIt() throws Exception {
    // [] memo 0, get 0, append: the list is its own element
    PickleBuilder pickle =
        new PickleBuilder().proto(2).emptyDict().op(']').op('q').op(0).op('h').op(0).op('a');
    pickle.op('N').setItem().stop();

    assertRefused(pickle, "uses a list as a dict key");
  }

  @Test
  void givenADictThatHoldsItself_refusesTheCycle() throws Exception {
    PickleBuilder pickle =
        new PickleBuilder().proto(2).emptyDict().op('q').op(0).string("w").op('h').op(0);
    pickle.setItem().stop();

    assertRefused(pickle, "dict that contains itself");
  }

  @Test
  void givenSharingThatUnfoldsToTwoToThe64_refusesWithoutWalkingIt() throws Exception {
    // t = None; 64 times: t = (t, t) through DUP and TUPLE2; only 64 distinct tuples
    PickleBuilder pickle = new PickleBuilder().proto(2).emptyDict().string("w").op('N');
    for (int i = 0; i < 64; i++) {
      pickle.op('2').op(0x86);
    }
    pickle.setItem().stop();

    assertRefused(pickle, "unfolds past");
  }

  private void assertRefused(PickleBuilder pickle, String reason) throws Exception {
    Path ckpt = dir.resolve("hostile.ckpt");
    TorchZipWriter.writeRawPickle(ckpt, pickle.bytes());

    Throwable refused = catchThrowable(() -> CkptReader.open(ckpt).close());

    assertThat(refused).isInstanceOf(UnsafePickleException.class);
    assertThat(refused.getMessage()).startsWith(ckpt + ": ").contains(reason).doesNotContain("\n");
  }

  private static PickleBuilder repeat(PickleBuilder pickle, int op, int times) {
    for (int i = 0; i < times; i++) {
      pickle.op(op);
    }
    return pickle;
  }
}
