package keelson.api.selectors;

/**
 * One term of a field selector: a field label, equality or inequality, and a value.
 *
 * @param field the field label, for example {@code status.phase}
 * @param negated true for {@code !=}
 * @param value the unescaped value
 */
public record FieldRequirement(String field, boolean negated, String value) {

  /** Returns whether an object whose field has {@code actual} satisfies this term. */
  public boolean matches(String actual) {
    return negated != value.equals(actual);
  }

  /** Returns the term in query-string form with the value escaped, for example {@code a!=x\,y}. */
  @Override
  public String toString() {
    return field + (negated ? "!=" : "=") + FieldSelector.escapeValue(value);
  }
}
