package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import keelson.api.validation.Identifiers.NameRule;

/**
 * metadata validation shared by every kind (apimachinery's ValidateObjectMeta and
 * ValidateObjectMetaUpdate, plus core's finalizer-name rule).
 */
final class ObjectMetaValidation {
  private ObjectMetaValidation() {}

  /** The total size of all annotation keys and values, in bytes. */
  static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

  private static final Path META = Path.of("metadata");
  private static final Set<String> STANDARD_FINALIZERS =
      Set.of("kubernetes", "orphan", "foregroundDeletion");

  /** Validates the metadata of a new object. */
  static Errors validate(JsonNode obj, boolean namespaced, NameRule nameRule) {
    Errors errs = new Errors();
    JsonNode meta = Trees.at(obj, "metadata");
    String generateName = Trees.text(meta, "generateName");
    String name = Trees.text(meta, "name");
    if (!generateName.isEmpty()) {
      errs.invalidEach(META.child("generateName"), generateName,
          nameRule.check(generateName, true));
    }
    if (name.isEmpty()) {
      // kube-apiserver fills in a generated name before validating; when the caller has not, a
      // generateName alone still satisfies the rule.
      if (generateName.isEmpty()) {
        errs.required(META.child("name"), "name or generateName is required");
      }
    } else {
      errs.invalidEach(META.child("name"), name, nameRule.check(name, false));
    }
    String namespace = Trees.text(meta, "namespace");
    if (namespaced) {
      if (namespace.isEmpty()) {
        errs.required(META.child("namespace"), "");
      } else {
        errs.invalidEach(META.child("namespace"), namespace,
            NameRule.DNS1123_LABEL.check(namespace, false));
      }
    } else if (!namespace.isEmpty()) {
      errs.forbidden(META.child("namespace"), "not allowed on this type");
    }
    errs.nonNegative(META.child("generation"), Trees.integer(meta, 0, "generation"));
    errs.addAll(common(meta));
    return errs;
  }

  /** Validates metadata on update: the create rules that still apply, plus immutability. */
  static Errors validateUpdate(JsonNode obj, JsonNode old) {
    Errors errs = new Errors();
    JsonNode meta = Trees.at(obj, "metadata");
    JsonNode oldMeta = Trees.at(old, "metadata");
    if (Trees.has(oldMeta, "deletionTimestamp")) {
      List<String> oldFinalizers = Trees.strings(oldMeta, "finalizers");
      List<String> added = new ArrayList<>();
      for (String f : Trees.strings(meta, "finalizers")) {
        if (!oldFinalizers.contains(f)) {
          added.add(f);
        }
      }
      if (!added.isEmpty()) {
        errs.forbidden(META.child("finalizers"),
            "no new finalizers can be added if the object is being deleted, found new finalizers "
                + GoValues.stringSlice(added));
      }
    }
    long generation = Trees.integer(meta, 0, "generation");
    if (generation < Trees.integer(oldMeta, 0, "generation")) {
      errs.invalidInt(META.child("generation"), generation, "must not be decremented");
    }
    immutableString(errs, meta, oldMeta, "name", false);
    immutableString(errs, meta, oldMeta, "namespace", false);
    // uid and creationTimestamp are carried over from the stored object when a client leaves
    // them out (rest.BeforeUpdate), so only a conflicting value is an error.
    immutableString(errs, meta, oldMeta, "uid", true);
    immutableString(errs, meta, oldMeta, "creationTimestamp", true);
    errs.addAll(common(meta));
    return errs;
  }

  private static void immutableString(Errors errs, JsonNode meta, JsonNode oldMeta, String field,
      boolean onlyWhenSent) {
    String now = Trees.text(meta, field);
    if (onlyWhenSent && now.isEmpty()) {
      return;
    }
    errs.immutable(META.child(field), GoValues.string(now), !now.equals(Trees.text(oldMeta, field)));
  }

  private static Errors common(JsonNode meta) {
    Errors errs = new Errors();
    errs.addAll(labels(Trees.stringMap(meta, "labels"), META.child("labels")));
    errs.addAll(annotations(Trees.stringMap(meta, "annotations"), META.child("annotations")));
    errs.addAll(ownerReferences(Trees.items(meta, "ownerReferences"), META.child("ownerReferences")));
    errs.addAll(finalizers(Trees.strings(meta, "finalizers"), META.child("finalizers")));
    return errs;
  }

  /** Validates label keys (qualified names) and values (at most 63 characters). */
  static Errors labels(Map<String, String> labels, Path path) {
    Errors errs = new Errors();
    if (allValidLabels(labels)) {
      return errs; // every write checks them: no sorted copy when there is nothing to report
    }
    // Go iterates maps in random order; sorted keys keep the output stable.
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      errs.invalidEach(path, e.getKey(), Identifiers.qualifiedName(e.getKey()));
      errs.invalidEach(path, e.getValue(), Identifiers.labelValue(e.getValue()));
    }
    return errs;
  }

  /** Validates annotation keys (case-insensitive qualified names) and their total size. */
  static Errors annotations(Map<String, String> annotations, Path path) {
    Errors errs = new Errors();
    if (allValidAnnotations(annotations)) {
      return errs;
    }
    long total = 0;
    for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
      errs.invalidEach(path, e.getKey(),
          Identifiers.qualifiedName(e.getKey().toLowerCase(Locale.ROOT)));
      total += e.getKey().getBytes(StandardCharsets.UTF_8).length
          + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
      errs.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT);
    }
    return errs;
  }

  private static boolean allValidLabels(Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!Identifiers.qualifiedName(e.getKey()).isEmpty() || !Identifiers.labelValue(e.getValue()).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static boolean allValidAnnotations(Map<String, String> annotations) {
    long total = 0;
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      if (!Identifiers.qualifiedName(e.getKey().toLowerCase(Locale.ROOT)).isEmpty()) {
        return false;
      }
      total += utf8Length(e.getKey()) + utf8Length(e.getValue());
    }
    return total <= TOTAL_ANNOTATION_SIZE_LIMIT;
  }

  /** The length of a string in UTF-8, without encoding it. */
  static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static Errors ownerReferences(List<JsonNode> refs, Path path) {
    Errors errs = new Errors();
    String firstController = "";
    for (JsonNode ref : refs) {
      String apiVersion = Trees.text(ref, "apiVersion");
      String version = apiVersion.contains("/")
          ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
      if (version.isEmpty()) {
        errs.invalidString(path.child("apiVersion"), apiVersion, "version must not be empty");
      }
      if (Trees.text(ref, "kind").isEmpty()) {
        errs.invalidString(path.child("kind"), "", "kind must not be empty");
      }
      if (Trees.text(ref, "name").isEmpty()) {
        errs.invalidString(path.child("name"), "", "name must not be empty");
      }
      if (Trees.text(ref, "uid").isEmpty()) {
        errs.invalidString(path.child("uid"), "", "uid must not be empty");
      }
      if (Trees.at(ref, "controller").asBoolean(false)) {
        String current = Trees.text(ref, "kind") + "/" + Trees.text(ref, "name");
        if (!firstController.isEmpty()) {
          errs.invalid(path, ownerReferencesValue(refs),
              "Only one reference can have Controller set to true. Found \"true\" in references for "
                  + firstController + " and " + current);
        } else {
          firstController = current;
        }
      }
    }
    return errs;
  }

  private static String ownerReferencesValue(List<JsonNode> refs) {
    List<String> parts = new ArrayList<>();
    for (JsonNode ref : refs) {
      parts.add("v1.OwnerReference{APIVersion:" + GoValues.string(Trees.text(ref, "apiVersion"))
          + ", Kind:" + GoValues.string(Trees.text(ref, "kind"))
          + ", Name:" + GoValues.string(Trees.text(ref, "name"))
          + ", UID:" + GoValues.string(Trees.text(ref, "uid"))
          + ", Controller:" + boolPointer(Trees.at(ref, "controller"))
          + ", BlockOwnerDeletion:" + boolPointer(Trees.at(ref, "blockOwnerDeletion")) + "}");
    }
    return "[]v1.OwnerReference{" + String.join(", ", parts) + "}";
  }

  private static String boolPointer(JsonNode node) {
    return GoValues.pointer("bool", node);
  }

  private static Errors finalizers(List<String> finalizers, Path path) {
    Errors errs = new Errors();
    for (String f : finalizers) {
      errs.invalidEach(path, f, Identifiers.qualifiedName(f));
    }
    if (finalizers.contains("orphan") && finalizers.contains("foregroundDeletion")) {
      errs.invalid(path, GoValues.stringSlice(finalizers),
          "finalizer orphan and foregroundDeletion cannot be both set");
    }
    for (String f : finalizers) {
      if (!f.contains("/") && !STANDARD_FINALIZERS.contains(f)) {
        errs.invalidString(path, f,
            "name is neither a standard finalizer name nor is it fully qualified");
      }
    }
    return errs;
  }
}
