package keelson.api.tables;

import keelson.api.registry.ResourceType;

/** Finds the table printer of a kind. */
public final class TablePrinters {
  private TablePrinters() {}

  /** Returns the printer kube-apiserver uses for the kind, or the default Name/Created At printer. */
  public static TablePrinter forType(ResourceType type) {
    throw new UnsupportedOperationException("not yet written");
  }
}
