package keelson.api.selectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parses the query-string form of a label selector with the grammar and error texts of
 * apimachinery's {@code labels.Parse}: {@code key}, {@code !key}, {@code key=v}, {@code key==v},
 * {@code key!=v}, {@code key in (a,b)}, {@code key notin (a,b)}, {@code key>1}, {@code key<1},
 * joined by commas.
 */
final class LabelSelectorParser {

  private enum Token { END, CLOSE_PAREN, COMMA, BANG, DOUBLE_EQUALS, EQUALS, GREATER, IDENTIFIER, IN, LESS,
    NOT_EQUALS, NOT_IN, OPEN_PAREN, ERROR }

  private record Item(Token token, String literal) {}

  private static final Map<String, Token> KEYWORDS = Map.ofEntries(
      Map.entry(")", Token.CLOSE_PAREN), Map.entry(",", Token.COMMA), Map.entry("!", Token.BANG),
      Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER),
      Map.entry("in", Token.IN), Map.entry("<", Token.LESS), Map.entry("!=", Token.NOT_EQUALS),
      Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAREN));

  private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

  private final List<Item> items = new ArrayList<>();
  private int position;

  private LabelSelectorParser(String text) {
    Lexer lexer = new Lexer(text);
    Item item;
    do {
      item = lexer.next();
      items.add(item);
    } while (item.token() != Token.END);
  }

  /** Parses {@code text} into requirements in input order; throws with kube-apiserver's message. */
  static List<LabelRequirement> parse(String text) {
    return new LabelSelectorParser(text).requirements();
  }

  private List<LabelRequirement> requirements() {
    List<LabelRequirement> requirements = new ArrayList<>();
    while (true) {
      Item next = peek(true);
      switch (next.token()) {
        case IDENTIFIER, BANG -> {
          requirements.add(requirement());
          Item after = take(true);
          if (after.token() == Token.END) {
            return requirements;
          }
          if (after.token() != Token.COMMA) {
            throw new SelectorException("found '" + after.literal() + "', expected: ',' or 'end of string'");
          }
          Item following = peek(true);
          if (following.token() != Token.IDENTIFIER && following.token() != Token.BANG) {
            throw new SelectorException("found '" + following.literal() + "', expected: identifier after ','");
          }
        }
        case END -> {
          return requirements;
        }
        default -> throw new SelectorException(
            "found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private LabelRequirement requirement() {
    try {
      boolean negated = false;
      Item keyItem = take(true);
      if (keyItem.token() == Token.BANG) {
        negated = true;
        keyItem = take(true);
      }
      if (keyItem.token() != Token.IDENTIFIER) {
        throw new SelectorException("found '" + keyItem.literal() + "', expected: identifier");
      }
      String key = keyItem.literal();
      List<String> keyProblems = LabelSyntax.keyProblems(key);
      if (!keyProblems.isEmpty()) {
        // The parser checks the key before it has a field path, so Go prints the nil path.
        throw new SelectorException(LabelSyntax.invalid("<nil>", key, keyProblems));
      }
      Token lookahead = peek(true).token();
      if (negated || lookahead == Token.END || lookahead == Token.COMMA) {
        return LabelSelector.requirement(key, negated ? LabelOperator.DOES_NOT_EXIST : LabelOperator.EXISTS,
            List.of(), true);
      }
      LabelOperator operator = operator();
      List<String> values = switch (operator) {
        case IN, NOT_IN -> valueList();
        default -> exactValue();
      };
      return LabelSelector.requirement(key, operator, values, true);
    } catch (SelectorException e) {
      throw new SelectorException("unable to parse requirement: " + e.getMessage());
    }
  }

  private LabelOperator operator() {
    Item item = take(false);
    return switch (item.token()) {
      case IN -> LabelOperator.IN;
      case EQUALS -> LabelOperator.EQUALS;
      case DOUBLE_EQUALS -> LabelOperator.DOUBLE_EQUALS;
      case GREATER -> LabelOperator.GREATER_THAN;
      case LESS -> LabelOperator.LESS_THAN;
      case NOT_IN -> LabelOperator.NOT_IN;
      case NOT_EQUALS -> LabelOperator.NOT_EQUALS;
      default -> throw new SelectorException("found '" + item.literal() + "', expected: " + BINARY_OPERATORS);
    };
  }

  /** Parses {@code (a,b,...)}; like upstream, empty members such as in {@code (a,)} count as "". */
  private List<String> valueList() {
    Item open = take(true);
    if (open.token() != Token.OPEN_PAREN) {
      throw new SelectorException("found '" + open.literal() + "' expected: '('");
    }
    Item first = peek(true);
    switch (first.token()) {
      case IDENTIFIER, COMMA -> {
        List<String> values = identifiers();
        if (take(true).token() != Token.CLOSE_PAREN) {
          throw new SelectorException("found '" + first.literal() + "', expected: ')'");
        }
        return values;
      }
      case CLOSE_PAREN -> {
        take(true);
        return List.of("");
      }
      default -> throw new SelectorException(
          "found '" + first.literal() + "', expected: ',', ')' or identifier");
    }
  }

  private List<String> identifiers() {
    TreeSet<String> values = new TreeSet<>();
    while (true) {
      Item item = take(true);
      switch (item.token()) {
        case IDENTIFIER -> {
          values.add(item.literal());
          Item next = peek(true);
          if (next.token() == Token.CLOSE_PAREN) {
            return List.copyOf(values);
          }
          if (next.token() != Token.COMMA) {
            throw new SelectorException("found '" + next.literal() + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          if (values.isEmpty()) {
            values.add("");
          }
          Token next = peek(true).token();
          if (next == Token.CLOSE_PAREN) {
            values.add("");
            return List.copyOf(values);
          }
          if (next == Token.COMMA) {
            take(true);
            values.add("");
          }
        }
        default -> throw new SelectorException("found '" + item.literal() + "', expected: ',', or identifier");
      }
    }
  }

  private List<String> exactValue() {
    Token next = peek(true).token();
    if (next == Token.END || next == Token.COMMA) {
      return List.of("");
    }
    Item item = take(true);
    if (item.token() == Token.IDENTIFIER) {
      return List.of(item.literal());
    }
    throw new SelectorException("found '" + item.literal() + "', expected: identifier");
  }

  /** In value position the words {@code in} and {@code notin} are ordinary identifiers. */
  private Item peek(boolean valueContext) {
    return asContext(items.get(position), valueContext);
  }

  private Item take(boolean valueContext) {
    return asContext(items.get(position++), valueContext);
  }

  private static Item asContext(Item item, boolean valueContext) {
    if (valueContext && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
      return new Item(Token.IDENTIFIER, item.literal());
    }
    return item;
  }

  private static final class Lexer {
    private final String text;
    private int pos;

    Lexer(String text) {
      this.text = text;
    }

    Item next() {
      while (pos < text.length() && isWhitespace(text.charAt(pos))) {
        pos++;
      }
      if (pos >= text.length()) {
        return new Item(Token.END, "");
      }
      return isSpecial(text.charAt(pos)) ? symbol() : word();
    }

    private Item word() {
      int start = pos;
      while (pos < text.length() && !isSpecial(text.charAt(pos)) && !isWhitespace(text.charAt(pos))) {
        pos++;
      }
      String literal = text.substring(start, pos);
      return new Item(KEYWORDS.getOrDefault(literal, Token.IDENTIFIER), literal);
    }

    /** Takes the longest run of symbol characters that still spells a token ({@code !=} over {@code !}). */
    private Item symbol() {
      int start = pos;
      Item best = null;
      while (pos < text.length() && isSpecial(text.charAt(pos))) {
        String candidate = text.substring(start, pos + 1);
        Token token = KEYWORDS.get(candidate);
        if (token != null) {
          best = new Item(token, candidate);
        } else if (best != null) {
          break;
        }
        pos++;
      }
      if (best == null) {
        return new Item(Token.ERROR, "error expected: keyword found '" + text.substring(start, pos) + "'");
      }
      pos = start + best.literal().length();
      return best;
    }

    private static boolean isWhitespace(char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecial(char c) {
      return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }
  }
}
