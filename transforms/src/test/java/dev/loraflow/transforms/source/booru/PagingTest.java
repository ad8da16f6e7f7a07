package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loraflow.transforms.model.Rating;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PagingTest {

  private static final Set<String> ORDERING = Set.of("order", "ordfav");

  @Test
  void idOrdersKeepACursorAndOtherOrdersDoNot() {
    assertThat(cursorFor("solo")).contains(Paging.Cursor.BEFORE);
    assertThat(cursorFor("solo order:id_desc")).contains(Paging.Cursor.BEFORE);
    assertThat(cursorFor("solo order:id")).contains(Paging.Cursor.AFTER);
    assertThat(cursorFor("solo ORDER:ID_ASC")).contains(Paging.Cursor.AFTER);
    assertThat(cursorFor("solo order:score")).isEmpty();
    assertThat(cursorFor("solo -order:id")).isEmpty();
    assertThat(cursorFor("solo ordfav:alice")).isEmpty();
  }

  @Test
  void afterCursorPagesAreWalkedOldestFirstAndContinueAboveTheHighestId() {
    Paging paging = Paging.numberedThen(1, 1, Paging.Cursor.AFTER);
    List<BooruPost> served = List.of(post(12), post(11), post(10)); // as Danbooru hands them back

    List<BooruPost> walked = paging.inWalkingOrder("a9", served);

    assertThat(walked).extracting(BooruPost::id).containsExactly(10L, 11L, 12L);
    assertThat(paging.next("a9", walked)).contains("a12");
    assertThat(paging.inWalkingOrder("1", served)).isSameAs(served);
  }

  @Test
  void aShortPageEndsTheWalkWithoutWarning() {
    Paging paging = Paging.numberedUpTo(1, 2, "why");
    List<BooruPost> shortPage = List.of(post(1));

    assertThat(paging.next("2", shortPage)).isEmpty();
    assertThat(paging.cutShort("2", shortPage, 2)).isFalse();
    assertThat(paging.cutShort("2", List.of(post(2), post(1)), 2)).isTrue();
  }

  @Test
  void aShortPageIsFollowedAndOnlyAnEmptyPageOrAStillCursorEndsTheWalk() {
    Paging numbered = Paging.numbered(1);
    Paging cursors = Paging.numberedThen(1, 1, Paging.Cursor.BEFORE);

    assertThat(numbered.next("3", List.of(post(5)))).contains("4");
    assertThat(numbered.next("4", List.of())).isEmpty();
    assertThat(cursors.next("1", List.of(post(9), post(8)))).contains("b8");
    assertThat(cursors.next("b8", List.of(post(7)))).contains("b7");
    assertThat(cursors.next("b7", List.of(post(7)))).as("a server ignoring the cursor").isEmpty();
  }

  private static Optional<Paging.Cursor> cursorFor(String search) {
    return Paging.Cursor.continuing(SearchTerms.find(SearchTerms.of(search), ORDERING));
  }

  private static BooruPost post(long id) {
    return BooruPost.builder(0, BooruSite.DANBOORU, id).rating(Rating.GENERAL).build();
  }
}
