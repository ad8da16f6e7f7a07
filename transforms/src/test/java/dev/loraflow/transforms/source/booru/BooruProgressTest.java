package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class BooruProgressTest {

  private final String runId = UUID.randomUUID().toString();

  @Test
  void givenTwoListingsOfOneSite_completesOnlyWhenBothEndedAndEveryWantedPostIsDone() {
    BooruProgress progress = BooruProgress.of(runId, BooruSite.DANBOORU);
    progress.page();
    for (int i = 0; i < 4; i++) {
      progress.listed();
    }
    progress.skipped(Skip.Kind.RATING);
    progress.wanted();
    progress.wanted();
    progress.wanted();
    progress.listingEnded(2);
    progress.downloaded(1_500_000);
    progress.fromArchive();
    progress.skipped(Skip.Kind.FAILED);

    assertThat(progress.complete()).isFalse(); // the second listing has not ended
    assertThat(progress.done()).isEqualTo("3/3");

    progress.page();
    progress.listed();
    progress.wanted();
    progress.listingEnded(2);
    assertThat(progress.complete()).isFalse();
    assertThat(progress.done()).isEqualTo("3/4");

    progress.skipped(Skip.Kind.DUPLICATE);
    assertThat(progress.complete()).isTrue();
    assertThat(progress.done()).isEqualTo("4/4");
    assertThat(progress.details())
        .isEqualTo(
            "2 pages, 5 listed, 1 downloaded (1.5 MB), 1 from archive, skipped 3"
                + " (rating 1, duplicate md5 1, download failed 1)");
  }

  @Test
  void givenASearchWithNoWantedPosts_completesWhenTheListingEnds() {
    BooruProgress progress = BooruProgress.of(runId, BooruSite.GELBOORU);
    progress.page();

    progress.listingEnded(1);

    assertThat(progress.complete()).isTrue();
    assertThat(progress.done()).isEqualTo("0/0");
  }

  @Test
  void givenASearchStoppedAtThePageLimit_saysSoBesideThePages() {
    BooruProgress progress = BooruProgress.of(runId, BooruSite.SAFEBOORU);
    progress.page();
    progress.stoppedAtPageLimit();

    progress.listingEnded(1);

    assertThat(progress.details()).startsWith("1 pages (stopped at the page limit), 0 listed");
  }

  @Test
  void givenTwoSites_keepsTheirProgressApart() {
    BooruProgress.of(runId, BooruSite.E621).wanted();

    assertThat(BooruProgress.of(runId, BooruSite.E621).done()).isEqualTo("0/1");
    assertThat(BooruProgress.of(runId, BooruSite.YANDERE).done()).isEqualTo("0/?");
  }
}
