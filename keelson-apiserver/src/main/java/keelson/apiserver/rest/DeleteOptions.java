package keelson.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of meta/v1 DeleteOptions the server honours.
 *
 * @param gracePeriodSeconds the requested grace period, or null for the object's own
 * @param propagationPolicy Background, Foreground or Orphan; null for the kind's default
 * @param preconditionUid delete only if the uid matches, or null
 * @param preconditionResourceVersion delete only if the resourceVersion matches, or null
 * @param dryRun whether to skip the storage write
 */
public record DeleteOptions(
    Long gracePeriodSeconds,
    String propagationPolicy,
    String preconditionUid,
    String preconditionResourceVersion,
    boolean dryRun) {

  public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null, false);

  /** Reads DeleteOptions from a request body (may be null) and query parameters. */
  public static DeleteOptions from(JsonNode body, String queryGrace, String queryPolicy, boolean dryRun) {
    Long grace = null;
    String policy = queryPolicy;
    String uid = null;
    String rv = null;
    if (body != null && body.isObject()) {
      if (body.hasNonNull("gracePeriodSeconds")) {
        grace = body.get("gracePeriodSeconds").asLong();
      }
      if (body.hasNonNull("propagationPolicy")) {
        policy = body.get("propagationPolicy").asText();
      } else if (body.hasNonNull("orphanDependents")) {
        policy = body.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
      }
      JsonNode pre = body.get("preconditions");
      if (pre != null) {
        uid = Json.text(pre, "uid");
        rv = Json.text(pre, "resourceVersion");
      }
      JsonNode dry = body.get("dryRun");
      if (dry != null && dry.isArray() && !dry.isEmpty()) {
        dryRun = true;
      }
    }
    if (grace == null && queryGrace != null) {
      try {
        grace = Long.parseLong(queryGrace);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid gracePeriodSeconds: " + queryGrace);
      }
    }
    if (policy != null && !policy.equals("Background") && !policy.equals("Foreground")
        && !policy.equals("Orphan")) {
      throw ApiException.badRequest("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: "
          + "Unsupported value: \"" + policy + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
    }
    return new DeleteOptions(grace, policy, uid, rv, dryRun);
  }
}
