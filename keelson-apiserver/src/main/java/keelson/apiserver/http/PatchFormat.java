package keelson.apiserver.http;

import keelson.apiserver.rest.ApiException;

/** The patch formats PATCH accepts, by request Content-Type. */
enum PatchFormat {
  JSON_PATCH,
  MERGE,
  STRATEGIC,
  APPLY;

  static PatchFormat of(String contentType) {
    return switch (contentType) {
      case "application/json-patch+json" -> JSON_PATCH;
      case "application/merge-patch+json" -> MERGE;
      case "application/strategic-merge-patch+json" -> STRATEGIC;
      case "application/apply-patch+yaml", "application/apply-patch+cbor" -> APPLY;
      default -> throw new UnsupportedPatch(contentType);
    };
  }

  /** 415 for a Content-Type that is not a patch format. */
  static final class UnsupportedPatch extends RuntimeException {
    UnsupportedPatch(String contentType) {
      super(contentType, null, false, false);
    }

    ApiException toApiException() {
      return ApiException.unsupportedMediaType(getMessage());
    }
  }
}
