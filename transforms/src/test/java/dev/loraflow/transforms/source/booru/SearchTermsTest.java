package dev.loraflow.transforms.source.booru;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchTermsTest {

  @Test
  void takesOffGroupsOperatorsAndPrefixesAndKeepsNegation() {
    assertThat(SearchTerms.of("  -order:score (cat_girl or ~dog_girl) and -(a b)  "))
        .containsExactly(
            new SearchTerms.Term(true, "order:score"),
            new SearchTerms.Term(false, "cat_girl"),
            new SearchTerms.Term(false, "dog_girl"),
            new SearchTerms.Term(true, "a"),
            new SearchTerms.Term(false, "b"));
  }

  @Test
  void keepsAQuotedMetatagValueWholeAndReadsNameAndValue() {
    List<SearchTerms.Term> terms = SearchTerms.of("source:\"a b\" Order:Score :d solo");

    assertThat(terms)
        .extracting(SearchTerms.Term::text)
        .containsExactly("source:\"a b\"", "Order:Score", ":d", "solo");
    assertThat(terms).extracting(SearchTerms.Term::name).containsExactly("source", "order", "", "");
    assertThat(terms.get(0).value()).isEqualTo("a b");
    assertThat(terms.get(1).value()).isEqualTo("score");
  }

  @Test
  void findsTheFirstOfTheNamedMetatags() {
    List<SearchTerms.Term> terms = SearchTerms.of("solo ordfav:alice order:id");

    assertThat(SearchTerms.find(terms, Set.of("order", "ordfav")))
        .contains(new SearchTerms.Term(false, "ordfav:alice"));
    assertThat(SearchTerms.find(terms, Set.of("sort"))).isEmpty();
  }
}
