package keelson.api.selectors;

/** A selector could not be parsed or names an unsupported field; the message is kube-apiserver's. */
public class SelectorException extends IllegalArgumentException {
  public SelectorException(String message) {
    super(message);
  }
}
