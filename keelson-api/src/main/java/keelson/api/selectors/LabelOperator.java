package keelson.api.selectors;

/** The operators a label requirement can use, with the spelling each has in the query-string form. */
public enum LabelOperator {
  EQUALS("="),
  DOUBLE_EQUALS("=="),
  NOT_EQUALS("!="),
  IN(" in "),
  NOT_IN(" notin "),
  EXISTS(""),
  DOES_NOT_EXIST(""),
  GREATER_THAN(">"),
  LESS_THAN("<");

  private final String infix;

  LabelOperator(String infix) {
    this.infix = infix;
  }

  /** Returns the text written between key and values, for example {@code " in "}. */
  String infix() {
    return infix;
  }
}
