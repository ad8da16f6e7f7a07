package dev.loraflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpochPlanTest {

  /** Three square images x3 and two portrait images x2: buckets of 9 and 4 entries. */
  private static final KohyaDataset DATASET =
      new KohyaDataset(
          List.of(
              image("s1", 512, 512, 3),
              image("s2", 600, 600, 3),
              image("s3", 300, 300, 3),
              image("p1", 1000, 1500, 2),
              image("p2", 500, 750, 2)),
          List.of(),
          Map.of(),
          List.of());

  @Test
  void anEpochHoldsEveryImageRepeatsTimesInBatchesOfOneBucket() {
    EpochPlan plan = EpochPlan.create(DATASET, Buckets.aspectRatio(512), 2, 7);

    List<Batch> batches = plan.batches(1);

    // ceil(9 / 2) + ceil(4 / 2)
    assertThat(plan.batchesPerEpoch()).isEqualTo(7).isEqualTo(batches.size());
    assertThat(plan.bucketCounts())
        .containsExactly(Map.entry(new Size(384, 640), 4), Map.entry(new Size(512, 512), 9));
    Map<String, Integer> uses = new HashMap<>();
    for (Batch batch : batches) {
      assertThat(batch.images()).hasSizeBetween(1, 2);
      for (BatchImage item : batch.images()) {
        assertThat(item.fit().bucket()).isEqualTo(batch.bucket());
        uses.merge(item.image().path().toString(), 1, Integer::sum);
      }
    }
    assertThat(uses)
        .containsOnly(
            Map.entry("s1", 3),
            Map.entry("s2", 3),
            Map.entry("s3", 3),
            Map.entry("p1", 2),
            Map.entry("p2", 2));
    assertThat(batches).extracting(Batch::position).containsExactly(positions(1, 7));
  }

  @Test
  void theOrderIsReproducibleFromSeedAndEpoch() {
    EpochPlan plan = EpochPlan.create(DATASET, Buckets.aspectRatio(512), 2, 7);
    EpochPlan again = EpochPlan.create(DATASET, Buckets.aspectRatio(512), 2, 7);
    EpochPlan otherSeed = EpochPlan.create(DATASET, Buckets.aspectRatio(512), 2, 8);

    assertThat(order(again.batches(3))).isEqualTo(order(plan.batches(3)));
    assertThat(order(plan.batches(4))).isNotEqualTo(order(plan.batches(3)));
    assertThat(order(otherSeed.batches(3))).isNotEqualTo(order(plan.batches(3)));
    assertThat(again.batches(3))
        .extracting(Batch::seed)
        .isEqualTo(plan.batches(3).stream().map(Batch::seed).toList());
  }

  @Test
  void aResumedRunContinuesAtTheSameBatch() {
    EpochPlan plan = EpochPlan.create(DATASET, Buckets.aspectRatio(512), 2, 7);

    Position next = plan.positionAfter(7 + 3);

    assertThat(next).isEqualTo(new Position(2, 3));
    assertThat(plan.batchesFrom(next)).isEqualTo(plan.batches(2).subList(3, 7));
    assertThat(plan.positionAfter(0)).isEqualTo(new Position(1, 0));
  }

  private static List<String> order(List<Batch> batches) {
    return batches.stream()
        .flatMap(b -> b.images().stream())
        .map(i -> i.image().path().toString())
        .toList();
  }

  private static Position[] positions(int epoch, int count) {
    Position[] positions = new Position[count];
    for (int i = 0; i < count; i++) {
      positions[i] = new Position(epoch, i);
    }
    return positions;
  }

  private static DatasetImage image(String name, int width, int height, int repeats) {
    return new DatasetImage(Path.of(name), "1_x", name, width, height, repeats, false, 1f);
  }
}
