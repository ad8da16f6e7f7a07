package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DanbooruAccountTest {

  @Test
  void countsDistinctTagsWildcardsNegationsAndOrderButNotFreeMetatags() {
    assertThat(DanbooruAccount.countedTerms("")).isZero();
    assertThat(DanbooruAccount.countedTerms("hakurei_reimu")).isEqualTo(1);
    assertThat(DanbooruAccount.countedTerms("solo solo SOLO")).isEqualTo(1);
    assertThat(DanbooruAccount.countedTerms("a -b blue_*")).isEqualTo(3);
    assertThat(DanbooruAccount.countedTerms("a order:score")).isEqualTo(2);
    assertThat(
            DanbooruAccount.countedTerms(
                "a rating:g -rating:e score:>10 id:<100 date:2024-01-01 status:active"
                    + " width:>=1024 age:<1w filetype:png"))
        .isEqualTo(1);
    assertThat(DanbooruAccount.countedTerms("user:bob fav:carol")).isEqualTo(2);
  }

  @Test
  void countsGroupsOperatorsAndQuotedValuesAsTheParserDoes() {
    assertThat(DanbooruAccount.countedTerms("(cat_girl or dog_girl) and -(a b)")).isEqualTo(4);
    assertThat(DanbooruAccount.countedTerms("~cat_ears ~cat_tail")).isEqualTo(2);
    assertThat(DanbooruAccount.countedTerms("kanon_(kurogane) (kanon_(kurogane) solo)"))
        .isEqualTo(2);
    assertThat(DanbooruAccount.countedTerms("source:\"a b c\" solo")).isEqualTo(2);
  }

  @Test
  void readsLevelAndLimitsFromTheProfile() throws Exception {
    assertThat(profile("{\"level\": 20, \"level_string\": \"Member\", \"tag_query_limit\": 2}"))
        .isEqualTo(new DanbooruAccount("Member", OptionalInt.of(2), 1000));
    assertThat(profile("{\"level\": 30, \"level_string\": \"Gold\", \"tag_query_limit\": 6}"))
        .isEqualTo(new DanbooruAccount("Gold", OptionalInt.of(6), 5000));
    assertThat(
            profile("{\"level\": 31, \"level_string\": \"Platinum\", \"tag_query_limit\": null}"))
        .isEqualTo(new DanbooruAccount("Platinum", OptionalInt.empty(), 5000));
    // a promotion lifts a Member's limit, and the server's figure wins
    assertThat(profile("{\"level\": 20, \"level_string\": \"Member\", \"tag_query_limit\": null}"))
        .isEqualTo(new DanbooruAccount("Member", OptionalInt.empty(), 1000));
    // servers without the field: the level's standard limit
    assertThat(profile("{\"level\": 30}"))
        .isEqualTo(new DanbooruAccount("level 30", OptionalInt.of(6), 5000));
  }

  @Test
  void givenAProfileWithoutALevel_callsItMalformed() {
    assertThatThrownBy(() -> profile("[]"))
        .isInstanceOf(JsonMappingException.class)
        .hasMessageContaining("expected the account's level");
  }

  private static DanbooruAccount profile(String json) throws Exception {
    return DanbooruAccount.fromProfile(Json.MAPPER.readTree(json));
  }
}
