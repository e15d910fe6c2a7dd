package keelson.api.tables;

/** Short constructors for column definitions. */
final class Columns {
  private Columns() {}

  /** Returns the Name column, which kubectl treats as the object's name ({@code format: name}). */
  static Column name() {
    return new Column("Name", "string", "name", "The object's name, unique within its namespace.", 0);
  }

  /** Returns the Age column. */
  static Column age() {
    return text("Age", "How long ago the object was created.");
  }

  /** Returns an always-shown string column. */
  static Column text(String name, String description) {
    return new Column(name, "string", "", description, 0);
  }

  /** Returns an always-shown integer column. */
  static Column integer(String name, String description) {
    return new Column(name, "integer", "", description, 0);
  }

  /** Returns a string column shown only with {@code -o wide}. */
  static Column wide(String name, String description) {
    return new Column(name, "string", "", description, 1);
  }

  /** Returns the wide Containers column of workload kinds. */
  static Column containers() {
    return wide("Containers", "The names of the pod template's containers.");
  }

  /** Returns the wide Images column of workload kinds. */
  static Column images() {
    return wide("Images", "The images the pod template's containers run.");
  }

  /** Returns the wide Selector column of workload kinds. */
  static Column selector() {
    return wide("Selector", "The label selector that picks the pods this object manages.");
  }
}
