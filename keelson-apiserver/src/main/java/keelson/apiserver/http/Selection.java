package keelson.apiserver.http;

import java.util.function.Predicate;
import keelson.api.registry.ResourceType;
import keelson.api.selectors.FieldSelector;
import keelson.api.selectors.LabelSelector;
import keelson.api.selectors.SelectorAttributes;
import keelson.api.selectors.SelectorException;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.watch.WatchFilter;

/**
 * The label and field selectors of a list or watch request, as one predicate over objects' selector
 * attributes.
 */
final class Selection {
  private Selection() {}

  /**
   * Builds the predicate for a request.
   *
   * @throws ApiException 400 for a selector that does not parse or names an unsupported field
   */
  static Predicate<SelectorAttributes> of(ResourceType type, String labelSelector, String fieldSelector) {
    try {
      LabelSelector labels = labelSelector == null || labelSelector.isBlank()
          ? null : LabelSelector.parse(labelSelector);
      FieldSelector fields = fieldSelector == null || fieldSelector.isBlank()
          ? null : FieldSelector.parse(type, fieldSelector);
      if (labels == null && fields == null) {
        return WatchFilter.EVERYTHING;
      }
      return obj -> (labels == null || labels.matches(obj.labels()))
          && (fields == null || fields.matches(obj));
    } catch (SelectorException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}
