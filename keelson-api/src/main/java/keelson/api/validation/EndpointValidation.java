package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.validation.Identifiers.NameRule;

/** Endpoints and EndpointSlice validation: addresses, ports and the slice's address type. */
final class EndpointValidation {
  private EndpointValidation() {}

  private static void port(JsonNode port, boolean requireName, Path path, Errors errs) {
    String name = Trees.text(port, "name");
    if (requireName && name.isEmpty()) {
      errs.required(path.child("name"), "");
    } else if (!name.isEmpty()) {
      errs.invalidEach(path.child("name"), name, Identifiers.dns1123Label(name));
    }
    long number = Trees.integer(port, 0, "port");
    for (String msg : Identifiers.portNumber(number)) {
      errs.invalidInt(path.child("port"), number, msg);
    }
    PodSpecValidation.protocol(Trees.text(port, "protocol"), path.child("protocol"), errs);
  }

  /** core/v1 Endpoints. */
  static final class Endpoints implements KindValidator {
    @Override
    public Errors validateCreate(ObjectNode obj) {
      Errors errs = ObjectMetaValidation.validate(obj, true, NameRule.DNS1123_SUBDOMAIN);
      return errs.addAll(subsets(obj));
    }

    @Override
    public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
      return ObjectMetaValidation.validateUpdate(obj, old).addAll(subsets(obj));
    }

    private static Errors subsets(JsonNode obj) {
      Errors errs = new Errors();
      List<JsonNode> subsets = Trees.items(obj, "subsets");
      for (int i = 0; i < subsets.size(); i++) {
        JsonNode subset = subsets.get(i);
        Path p = Path.of("subsets").index(i);
        List<JsonNode> ready = Trees.items(subset, "addresses");
        List<JsonNode> notReady = Trees.items(subset, "notReadyAddresses");
        if (ready.isEmpty() && notReady.isEmpty()) {
          errs.required(p, "must specify `addresses` or `notReadyAddresses`");
        }
        address(ready, p.child("addresses"), errs);
        address(notReady, p.child("notReadyAddresses"), errs);
        List<JsonNode> ports = Trees.items(subset, "ports");
        for (int j = 0; j < ports.size(); j++) {
          port(ports.get(j), ports.size() > 1, p.child("ports").index(j), errs);
        }
      }
      return errs;
    }

    private static void address(List<JsonNode> addresses, Path path, Errors errs) {
      for (int i = 0; i < addresses.size(); i++) {
        String ip = Trees.text(addresses.get(i), "ip");
        if (!ServiceValidation.isIP(ip)) {
          errs.invalidString(path.index(i).child("ip"), ip,
              "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        }
      }
    }
  }

  /** discovery.k8s.io/v1 EndpointSlice. */
  static final class Slices implements KindValidator {
    private static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");

    @Override
    public Errors validateCreate(ObjectNode obj) {
      Errors errs = ObjectMetaValidation.validate(obj, true, NameRule.DNS1123_SUBDOMAIN);
      return errs.addAll(body(obj));
    }

    @Override
    public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
      Errors errs = ObjectMetaValidation.validateUpdate(obj, old).addAll(body(obj));
      String type = Trees.text(obj, "addressType");
      if (!type.equals(Trees.text(old, "addressType"))) {
        errs.invalidString(Path.of("addressType"), type, "field is immutable");
      }
      return errs;
    }

    private static Errors body(JsonNode obj) {
      Errors errs = new Errors();
      String type = Trees.text(obj, "addressType");
      if (type.isEmpty()) {
        errs.required(Path.of("addressType"), "");
      } else if (!ADDRESS_TYPES.contains(type)) {
        errs.notSupportedString(Path.of("addressType"), type, ADDRESS_TYPES);
      }
      List<JsonNode> endpoints = Trees.items(obj, "endpoints");
      if (endpoints.size() > 1000) {
        errs.tooMany(Path.of("endpoints"), endpoints.size(), 1000);
      }
      for (int i = 0; i < endpoints.size(); i++) {
        Path p = Path.of("endpoints").index(i).child("addresses");
        List<String> addresses = Trees.strings(endpoints.get(i), "addresses");
        if (addresses.isEmpty()) {
          errs.required(p, "must contain at least 1 address");
        } else if (addresses.size() > 100) {
          errs.tooMany(p, addresses.size(), 100);
        }
        for (int a = 0; a < addresses.size(); a++) {
          String address = addresses.get(a);
          boolean ok = switch (type) {
            case "IPv4" -> ServiceValidation.isIP(address) && !address.contains(":");
            case "IPv6" -> ServiceValidation.isIP(address) && address.contains(":");
            case "FQDN" -> Identifiers.dns1123Subdomain(address).isEmpty();
            default -> true;
          };
          if (!ok) {
            errs.invalidString(p.index(a), address, type.equals("FQDN")
                ? Identifiers.dns1123Subdomain(address).get(0)
                : "must be a valid " + type + " address");
          }
        }
        String hostname = Trees.text(endpoints.get(i), "hostname");
        if (!hostname.isEmpty()) {
          errs.invalidEach(Path.of("endpoints").index(i).child("hostname"), hostname,
              Identifiers.dns1123Label(hostname));
        }
      }
      List<JsonNode> ports = Trees.items(obj, "ports");
      if (ports.size() > 20000) {
        errs.tooMany(Path.of("ports"), ports.size(), 20000);
      }
      for (int i = 0; i < ports.size(); i++) {
        JsonNode port = ports.get(i);
        Path p = Path.of("ports").index(i);
        String name = Trees.text(port, "name");
        if (!name.isEmpty()) {
          errs.invalidEach(p.child("name"), name, Identifiers.dns1123Label(name));
        }
        if (Trees.has(port, "port")) {
          long number = Trees.integer(port, 0, "port");
          for (String msg : Identifiers.portNumber(number)) {
            errs.invalidInt(p.child("port"), number, msg);
          }
        }
        if (Trees.has(port, "protocol")) {
          PodSpecValidation.protocol(Trees.text(port, "protocol"), p.child("protocol"), errs);
        } else {
          errs.required(p.child("protocol"), "");
        }
      }
      return errs;
    }
  }
}
