package dev.loraflow.transforms.source.booru;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terms of a search as a booru's parser sees them: separated by whitespace, with a quoted
 * metatag value ({@code source:"a b"}) kept whole, and grouping parentheses, the {@code -} (not)
 * and {@code ~} (or) prefixes and the words {@code and}/{@code or} taken off. This follows
 * Danbooru's grammar (DAN {@code app/logical/post_query/parser.rb}); the other families' searches
 * are simpler.
 */
final class SearchTerms {

  private static final Pattern QUOTED_METATAG = Pattern.compile("[A-Za-z_]+:([\"'])");
  private static final Pattern METATAG = Pattern.compile("([A-Za-z_]+):(.*)", Pattern.DOTALL);

  /** One tag, wildcard or metatag of a search. */
  record Term(boolean negated, String text) {

    /** The metatag's name in lower case ({@code order} of {@code order:score}); empty for tags. */
    String name() {
      Matcher metatag = METATAG.matcher(text);
      return metatag.matches() ? metatag.group(1).toLowerCase(Locale.ROOT) : "";
    }

    /** The metatag's value without quotes, in lower case; empty for tags. */
    String value() {
      Matcher metatag = METATAG.matcher(text);
      return metatag.matches()
          ? metatag.group(2).replaceAll("^[\"']|[\"']$", "").toLowerCase(Locale.ROOT)
          : "";
    }
  }

  private SearchTerms() {}

  static List<Term> of(String search) {
    List<Term> terms = new ArrayList<>();
    int at = 0;
    while (at < search.length()) {
      boolean negated = false;
      while (at < search.length() && isPrefix(search.charAt(at))) {
        negated |= search.charAt(at) == '-';
        at++;
      }
      int end = termEnd(search, at);
      String text = withoutClosingParens(search.substring(at, end));
      if (!text.isEmpty() && !text.equalsIgnoreCase("and") && !text.equalsIgnoreCase("or")) {
        terms.add(new Term(negated, text));
      }
      at = end;
    }
    return terms;
  }

  /** The first term that is one of the metatags {@code names}. */
  static Optional<Term> find(List<Term> terms, Set<String> names) {
    return terms.stream().filter(term -> names.contains(term.name())).findFirst();
  }

  // Whitespace, "(" opening a group, "-" and "~" before a term, a stray ")": none start a term.
  private static boolean isPrefix(char c) {
    return Character.isWhitespace(c) || c == '(' || c == ')' || c == '-' || c == '~';
  }

  private static int termEnd(String search, int start) {
    Matcher quoted = QUOTED_METATAG.matcher(search).region(start, search.length());
    if (quoted.lookingAt()) {
      int close = search.indexOf(quoted.group(1), quoted.end());
      return close < 0 ? search.length() : close + 1;
    }
    int end = start;
    while (end < search.length() && !Character.isWhitespace(search.charAt(end))) {
      end++;
    }
    return end;
  }

  // ")" closing a group sticks to the term before it; tags like kanon_(kurogane) keep theirs.
  private static String withoutClosingParens(String text) {
    String term = text;
    while (term.endsWith(")") && count(term, '(') < count(term, ')')) {
      term = term.substring(0, term.length() - 1);
    }
    return term;
  }

  private static long count(String text, char c) {
    return text.chars().filter(ch -> ch == c).count();
  }
}
