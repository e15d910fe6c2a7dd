package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import keelson.api.validation.Identifiers.NameRule;

/**
 * Service validation (core ValidateService and ValidateServiceUpdate): ports, types, headless
 * rules, the clusterIP/clusterIPs/ipFamilies relations and clusterIP immutability.
 */
final class ServiceValidation implements KindValidator {
  private static final Path SPEC = Path.of("spec");
  private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  @Override
  public Errors validateCreate(ObjectNode obj) {
    Errors errs = ObjectMetaValidation.validate(obj, true, NameRule.DNS1035_LABEL);
    return errs.addAll(spec(Trees.at(obj, "spec")));
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
    clusterIPsUnchanged(Trees.at(obj, "spec"), Trees.at(old, "spec"), errs);
    return errs.addAll(spec(Trees.at(obj, "spec")));
  }

  static boolean isHeadless(JsonNode spec) {
    List<String> ips = Trees.strings(spec, "clusterIPs");
    return ips.size() == 1 && ips.get(0).equals("None");
  }

  private static Errors spec(JsonNode spec) {
    Errors errs = new Errors();
    String type = Trees.text(spec, "type");
    List<JsonNode> ports = Trees.items(spec, "ports");
    boolean headless = isHeadless(spec);
    if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
      errs.required(SPEC.child("ports"), "");
    }
    switch (type) {
      case "LoadBalancer" -> {
        if (headless) {
          errs.invalidString(SPEC.child("clusterIPs").index(0), "None",
              "may not be set to 'None' for LoadBalancer services");
        }
        for (int i = 0; i < ports.size(); i++) {
          long port = Trees.integer(ports.get(i), 0, "port");
          if (port == 10250) {
            errs.invalidInt(SPEC.child("ports").index(i), port,
                "may not expose port 10250 externally since it is used by kubelet");
          }
        }
      }
      case "NodePort" -> {
        if (headless) {
          errs.invalidString(SPEC.child("clusterIPs").index(0), "None",
              "may not be set to 'None' for NodePort services");
        }
      }
      case "ExternalName" -> {
        if (!Trees.items(spec, "clusterIPs").isEmpty()) {
          errs.forbidden(SPEC.child("clusterIPs"), "may not be set for ExternalName services");
        }
        if (!Trees.items(spec, "ipFamilies").isEmpty()) {
          errs.forbidden(SPEC.child("ipFamilies"), "may not be set for ExternalName services");
        }
        if (Trees.has(spec, "ipFamilyPolicy")) {
          errs.forbidden(SPEC.child("ipFamilyPolicy"), "may not be set for ExternalName services");
        }
        String cname = Trees.text(spec, "externalName");
        if (cname.endsWith(".")) {
          cname = cname.substring(0, cname.length() - 1);
        }
        if (cname.isEmpty()) {
          errs.required(SPEC.child("externalName"), "");
        } else {
          errs.invalidEach(SPEC.child("externalName"), cname, Identifiers.dns1123Subdomain(cname));
        }
      }
      default -> { }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      port(ports.get(i), ports.size() > 1, names, SPEC.child("ports").index(i), errs);
    }
    if (Trees.has(spec, "selector")) {
      errs.addAll(ObjectMetaValidation.labels(Trees.stringMap(spec, "selector"), SPEC.child("selector")));
    }
    String affinity = Trees.text(spec, "sessionAffinity");
    if (affinity.isEmpty()) {
      errs.required(SPEC.child("sessionAffinity"), "");
    } else if (!affinity.equals("ClientIP") && !affinity.equals("None")) {
      errs.notSupportedString(SPEC.child("sessionAffinity"), affinity, List.of("ClientIP", "None"));
    } else if (affinity.equals("None") && Trees.has(spec, "sessionAffinityConfig")) {
      errs.forbidden(SPEC.child("sessionAffinityConfig"), "must not be set when session affinity is None");
    }
    clusterIPRelations(spec, type, errs);
    if (type.isEmpty()) {
      errs.required(SPEC.child("type"), "");
    } else if (!TYPES.contains(type)) {
      errs.notSupportedString(SPEC.child("type"), type, TYPES);
    }
    if (type.equals("ClusterIP")) {
      for (int i = 0; i < ports.size(); i++) {
        if (Trees.integer(ports.get(i), 0, "nodePort") != 0) {
          errs.forbidden(SPEC.child("ports").index(i).child("nodePort"),
              "may not be used when `type` is 'ClusterIP'");
        }
      }
    }
    Set<String> nodePorts = new HashSet<>();
    Set<String> portKeys = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      String protocol = Trees.text(port, "protocol");
      long nodePort = Trees.integer(port, 0, "nodePort");
      if (nodePort != 0 && !nodePorts.add(protocol + "/" + nodePort)) {
        errs.duplicate(SPEC.child("ports").index(i).child("nodePort"), Long.toString(nodePort));
      }
      long number = Trees.integer(port, 0, "port");
      if (!portKeys.add(protocol + "/" + number)) {
        errs.duplicate(SPEC.child("ports").index(i),
            "core.ServicePort{Name:\"\", Protocol:" + GoValues.string(protocol)
                + ", AppProtocol:(*string)(nil), Port:" + number
                + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}");
      }
    }
    String itp = Trees.text(spec, "internalTrafficPolicy");
    if (!itp.isEmpty() && !itp.equals("Cluster") && !itp.equals("Local")) {
      errs.notSupportedString(SPEC.child("internalTrafficPolicy"), itp, List.of("Cluster", "Local"));
    }
    String etp = Trees.text(spec, "externalTrafficPolicy");
    if (!etp.isEmpty() && !etp.equals("Cluster") && !etp.equals("Local")) {
      errs.notSupportedString(SPEC.child("externalTrafficPolicy"), etp, List.of("Cluster", "Local"));
    }
    return errs;
  }

  private static void port(JsonNode port, boolean requireName, Set<String> names, Path path,
      Errors errs) {
    String name = Trees.text(port, "name");
    if (requireName && name.isEmpty()) {
      errs.required(path.child("name"), "");
    } else if (!name.isEmpty()) {
      errs.invalidEach(path.child("name"), name, Identifiers.dns1123Label(name));
      if (!names.add(name)) {
        errs.duplicate(path.child("name"), GoValues.string(name));
      }
    }
    long number = Trees.integer(port, 0, "port");
    for (String msg : Identifiers.portNumber(number)) {
      errs.invalidInt(path.child("port"), number, msg);
    }
    PodSpecValidation.protocol(Trees.text(port, "protocol"), path.child("protocol"), errs);
    JsonNode target = Trees.at(port, "targetPort");
    if (target.isTextual()) {
      errs.invalidEach(path.child("targetPort"), target.asText(), Identifiers.portName(target.asText()));
    } else {
      long value = target.asLong(0);
      for (String msg : Identifiers.portNumber(value)) {
        errs.invalidInt(path.child("targetPort"), value, msg);
      }
    }
    if (Trees.has(port, "appProtocol")) {
      String app = Trees.text(port, "appProtocol");
      errs.invalidEach(path.child("appProtocol"), app, Identifiers.qualifiedName(app));
    }
  }

  private static void clusterIPRelations(JsonNode spec, String type, Errors errs) {
    if (type.equals("ExternalName")) {
      return;
    }
    Path ipsPath = SPEC.child("clusterIPs");
    String clusterIP = Trees.text(spec, "clusterIP");
    List<String> ips = Trees.strings(spec, "clusterIPs");
    String rendered = GoValues.stringSlice(ips.isEmpty() && !Trees.has(spec, "clusterIPs") ? null : ips);
    if (!clusterIP.isEmpty()) {
      if (ips.isEmpty()) {
        errs.required(ipsPath, "");
      } else if (!ips.get(0).equals(clusterIP)) {
        errs.invalid(ipsPath, rendered, "first value must match `clusterIP`");
      }
    } else if (!ips.isEmpty()) {
      errs.invalid(ipsPath, rendered, "must be empty when `clusterIP` is not specified");
    }
    List<String> families = Trees.strings(spec, "ipFamilies");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < families.size(); i++) {
      String family = families.get(i);
      if (!family.equals("IPv4") && !family.equals("IPv6")) {
        errs.notSupportedString(SPEC.child("ipFamilies").index(i), family, List.of("IPv4", "IPv6"));
      }
      if (!seen.add(family)) {
        errs.duplicate(SPEC.child("ipFamilies").index(i), GoValues.string(family));
      }
    }
    if (Trees.has(spec, "ipFamilyPolicy")) {
      String policy = Trees.text(spec, "ipFamilyPolicy");
      if (!List.of("PreferDualStack", "RequireDualStack", "SingleStack").contains(policy)) {
        errs.notSupportedString(SPEC.child("ipFamilyPolicy"), policy,
            List.of("PreferDualStack", "RequireDualStack", "SingleStack"));
      }
    }
    boolean invalidIPs = false;
    for (int i = 0; i < ips.size(); i++) {
      String ip = ips.get(i);
      if (i == 0 && ip.equals("None")) {
        if (ips.size() > 1) {
          invalidIPs = true;
          errs.invalid(ipsPath, rendered, "'None' must be the first and only value");
        }
        continue;
      }
      if (!isIP(ip)) {
        invalidIPs = true;
        errs.invalidString(ipsPath.index(i), ip,
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
      }
    }
    if (ips.size() > 2) {
      errs.invalid(ipsPath, rendered, "may only hold up to 2 values");
    }
    if (invalidIPs) {
      return;
    }
    if (!isHeadless(spec) && !ips.isEmpty() && !families.isEmpty()) {
      for (int i = 0; i < ips.size() && i < families.size(); i++) {
        boolean v6 = ips.get(i).contains(":");
        if (families.get(i).equals("IPv4") && v6) {
          errs.invalidString(ipsPath.index(i), ips.get(i),
              "expected an IPv4 value as indicated by `ipFamilies[" + i + "]`");
        }
        if (families.get(i).equals("IPv6") && !v6) {
          errs.invalidString(ipsPath.index(i), ips.get(i),
              "expected an IPv6 value as indicated by `ipFamilies[" + i + "]`");
        }
      }
    }
  }

  static boolean isIP(String ip) {
    if (ip.contains(":")) {
      try {
        return ip.matches("[0-9a-fA-F:.]+") && InetAddress.getByName(ip) != null;
      } catch (Exception e) {
        return false;
      }
    }
    var m = IPV4.matcher(ip);
    if (!m.matches()) {
      return false;
    }
    for (int g = 1; g <= 4; g++) {
      String part = m.group(g);
      if (Integer.parseInt(part) > 255 || part.length() > 1 && part.startsWith("0")) {
        return false;
      }
    }
    return true;
  }

  private static void clusterIPsUnchanged(JsonNode spec, JsonNode oldSpec, Errors errs) {
    if (Trees.text(spec, "type").equals("ExternalName")
        || Trees.text(oldSpec, "type").equals("ExternalName")) {
      return;
    }
    if (isHeadless(spec) && isHeadless(oldSpec)) {
      return;
    }
    List<String> now = Trees.strings(spec, "clusterIPs");
    List<String> before = Trees.strings(oldSpec, "clusterIPs");
    String rendered = GoValues.stringSlice(now.isEmpty() && !Trees.has(spec, "clusterIPs") ? null : now);
    Path path = SPEC.child("clusterIPs");
    if (before.size() == now.size()) {
      for (int i = 0; i < before.size(); i++) {
        if (!before.get(i).equals(now.get(i))) {
          errs.invalid(path.index(i), rendered, "may not change once set");
        }
      }
    } else if (before.size() > now.size()) {
      if (now.isEmpty()) {
        errs.invalid(path.index(0), rendered, "primary clusterIP can not be unset");
      }
      if (!before.isEmpty() && !now.isEmpty() && !now.get(0).equals(before.get(0))) {
        errs.invalid(path.index(0), rendered, "may not change once set");
      }
      if (now.size() == 1 && !Trees.text(spec, "ipFamilyPolicy").equals("SingleStack")) {
        errs.invalid(path.index(0), rendered,
            "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP");
      }
    } else if (!before.isEmpty() && !now.get(0).equals(before.get(0))) {
      errs.invalid(path.index(0), rendered, "may not change once set");
    }
  }
}
