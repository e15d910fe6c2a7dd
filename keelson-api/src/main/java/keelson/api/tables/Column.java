package keelson.api.tables;

/**
 * A table column definition as meta.k8s.io/v1 Table carries it.
 *
 * @param name the header, for example {@code Up-to-date} (kubectl upper-cases it)
 * @param type {@code string} or {@code integer}
 * @param format {@code name} for the name column, otherwise empty
 * @param description what the column shows
 * @param priority 0 for always shown, 1 for {@code -o wide} only
 */
public record Column(String name, String type, String format, String description, int priority) {}
