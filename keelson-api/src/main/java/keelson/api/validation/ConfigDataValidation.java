package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import keelson.api.validation.Identifiers.NameRule;

/** ConfigMap and Secret validation: data keys, total size, immutability, typed-secret keys. */
final class ConfigDataValidation implements KindValidator {
  static final int MAX_SIZE = 1024 * 1024;
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private final boolean secret;

  private ConfigDataValidation(boolean secret) {
    this.secret = secret;
  }

  static ConfigDataValidation forConfigMaps() {
    return new ConfigDataValidation(false);
  }

  static ConfigDataValidation forSecrets() {
    return new ConfigDataValidation(true);
  }

  /** Checks a ConfigMap or Secret data key. */
  static List<String> key(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 253) {
      errs.add(Identifiers.maxLenError(253));
    }
    if (!KEY.matcher(value).matches()) {
      errs.add(Identifiers.regexError(
          "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
          "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"));
    }
    if (value.equals(".")) {
      errs.add("must not be '.'");
    } else if (value.equals("..")) {
      errs.add("must not be '..'");
    } else if (value.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }

  @Override
  public Errors validateCreate(ObjectNode obj) {
    Errors errs = ObjectMetaValidation.validate(obj, true, NameRule.DNS1123_SUBDOMAIN);
    return secret ? errs.addAll(secretData(obj)) : errs.addAll(configMapData(obj));
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
    if (secret) {
      String type = Trees.text(obj, "type");
      if (!type.equals(Trees.text(old, "type"))) {
        errs.invalidString(Path.of("type"), type, "field is immutable");
      }
    }
    if (Trees.at(old, "immutable").asBoolean(false)) {
      if (!Trees.at(obj, "immutable").asBoolean(false)) {
        errs.forbidden(Path.of("immutable"), "field is immutable when `immutable` is set");
      }
      if (!Trees.same(Trees.at(obj, "data"), Trees.at(old, "data"))) {
        errs.forbidden(Path.of("data"), "field is immutable when `immutable` is set");
      }
      if (!secret && !Trees.same(Trees.at(obj, "binaryData"), Trees.at(old, "binaryData"))) {
        errs.forbidden(Path.of("binaryData"), "field is immutable when `immutable` is set");
      }
    }
    return secret ? errs.addAll(secretData(obj)) : errs.addAll(configMapData(obj));
  }

  private static Errors configMapData(JsonNode obj) {
    Errors errs = new Errors();
    long total = 0;
    Map<String, String> binary = Trees.stringMap(obj, "binaryData");
    for (Map.Entry<String, String> e : new TreeMap<>(Trees.stringMap(obj, "data")).entrySet()) {
      Path p = Path.of("data").key(e.getKey());
      errs.invalidEach(p, e.getKey(), key(e.getKey()));
      if (binary.containsKey(e.getKey())) {
        errs.invalidString(p, e.getKey(), "duplicate of key present in binaryData");
      }
      total += e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    for (Map.Entry<String, String> e : new TreeMap<>(binary).entrySet()) {
      errs.invalidEach(Path.of("binaryData").key(e.getKey()), e.getKey(), key(e.getKey()));
      total += decodedLength(e.getValue());
    }
    if (total > MAX_SIZE) {
      errs.tooLong(Path.of(""), MAX_SIZE);
    }
    return errs;
  }

  private static Errors secretData(JsonNode obj) {
    Errors errs = new Errors();
    Path data = Path.of("data");
    long total = 0;
    Map<String, String> values = Trees.stringMap(obj, "data");
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      errs.invalidEach(data.key(e.getKey()), e.getKey(), key(e.getKey()));
      total += decodedLength(e.getValue());
    }
    if (total > MAX_SIZE) {
      errs.tooLong(data, MAX_SIZE);
    }
    List<String> requiredKeys = switch (Trees.text(obj, "type")) {
      case "kubernetes.io/dockercfg" -> List.of(".dockercfg");
      case "kubernetes.io/dockerconfigjson" -> List.of(".dockerconfigjson");
      case "kubernetes.io/ssh-auth" -> List.of("ssh-privatekey");
      case "kubernetes.io/tls" -> List.of("tls.crt", "tls.key");
      default -> List.of();
    };
    for (String k : requiredKeys) {
      if (!values.containsKey(k)) {
        errs.required(data.key(k), "");
      }
    }
    String type = Trees.text(obj, "type");
    if (type.equals("kubernetes.io/service-account-token")
        && Trees.text(obj, "metadata", "annotations", "kubernetes.io/service-account.name").isEmpty()) {
      errs.required(Path.of("metadata").child("annotations").key("kubernetes.io/service-account.name"), "");
    }
    if (type.equals("kubernetes.io/basic-auth") && !values.containsKey("username")
        && !values.containsKey("password")) {
      errs.required(data.key("username"), "");
      errs.required(data.key("password"), "");
    }
    return errs;
  }

  private static long decodedLength(String base64) {
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return base64.length();
    }
  }
}
