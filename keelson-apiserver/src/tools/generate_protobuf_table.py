#!/usr/bin/env python3
"""Generates keelson/apiserver/protobuf/messages.json, the wire table ProtobufBodies decodes with.

The table pairs each protobuf field of the Kubernetes API messages (number and wire type, taken
from the generated.proto files) with what the Go JSON encoding does with the same field (JSON
name, omitempty, pointer, inlined embedded struct, taken from the struct tags in the Go sources).
Only the messages reachable from KINDS are written.

How it was run (kubernetes/api at 10b39a39bcee995dfe7cd5e8e7b922be5e46f1e2,
kubernetes/apimachinery at eed236ceee2c19c2753a3d93ac0631dc20750454, both checked out whole;
those are newer than 1.32, and their extra fields are harmless, since field numbers never change
meaning and an older client simply does not send them):

    python3 keelson-apiserver/src/tools/generate_protobuf_table.py \
        --api /tmp/k8src/api --apimachinery /tmp/k8src/apimachinery \
        > keelson-apiserver/src/main/resources/keelson/apiserver/protobuf/messages.json

Output format: {"kinds": {"<apiVersion>/<kind>": "<message>"}, "messages": {"<message>":
[[number, jsonName, type, flags], ...]}}. type is a scalar (string, bool, int32, int64, uint32,
uint64, double, float, bytes), a message name, "[]<type>" for repeated or "map<string,<type>>".
flags: "p" the Go field is a pointer, "k" the Go field has no omitempty, "i" the Go field is an
embedded struct whose JSON fields are inlined into the parent.
"""
import argparse
import json
import os
import re
import sys

# Go/proto packages read: (proto package, directory under its checkout root, which checkout).
PACKAGES = [
    ("k8s.io.api.core.v1", "core/v1", "api"),
    ("k8s.io.api.apps.v1", "apps/v1", "api"),
    ("k8s.io.api.autoscaling.v1", "autoscaling/v1", "api"),
    ("k8s.io.api.discovery.v1", "discovery/v1", "api"),
    ("k8s.io.api.storage.v1", "storage/v1", "api"),
    ("k8s.io.api.coordination.v1", "coordination/v1", "api"),
    ("k8s.io.api.events.v1", "events/v1", "api"),
    ("k8s.io.api.policy.v1", "policy/v1", "api"),
    ("k8s.io.apimachinery.pkg.apis.meta.v1", "pkg/apis/meta/v1", "apimachinery"),
    ("k8s.io.apimachinery.pkg.api.resource", "pkg/api/resource", "apimachinery"),
    ("k8s.io.apimachinery.pkg.util.intstr", "pkg/util/intstr", "apimachinery"),
    ("k8s.io.apimachinery.pkg.runtime", "pkg/runtime", "apimachinery"),
    ("k8s.io.apimachinery.pkg.runtime.schema", "pkg/runtime/schema", "apimachinery"),
]

META = "k8s.io.apimachinery.pkg.apis.meta.v1"

# The kinds Keelson serves, by the apiVersion a client sends them with. "*" matches any apiVersion:
# client-go encodes DeleteOptions with the apiVersion of the resource's own group.
KINDS = {
    "v1": ("k8s.io.api.core.v1", ["Namespace", "Node", "Pod", "Service", "Endpoints",
                                  "PersistentVolumeClaim", "PersistentVolume", "ConfigMap",
                                  "Secret", "ServiceAccount", "Event", "Binding"]),
    "apps/v1": ("k8s.io.api.apps.v1", ["StatefulSet", "DaemonSet", "ReplicaSet", "Deployment",
                                       "ControllerRevision"]),
    "autoscaling/v1": ("k8s.io.api.autoscaling.v1", ["Scale"]),
    "discovery.k8s.io/v1": ("k8s.io.api.discovery.v1", ["EndpointSlice"]),
    "storage.k8s.io/v1": ("k8s.io.api.storage.v1", ["StorageClass"]),
    "coordination.k8s.io/v1": ("k8s.io.api.coordination.v1", ["Lease"]),
    "events.k8s.io/v1": ("k8s.io.api.events.v1", ["Event"]),
    "policy/v1": ("k8s.io.api.policy.v1", ["Eviction"]),
    "*": (META, ["DeleteOptions"]),
}

# Messages with a JSON form of their own; the decoder knows them by name, so their fields are
# not followed.
SPECIAL = {
    META + ".Time", META + ".MicroTime", META + ".Duration", META + ".FieldsV1",
    "k8s.io.apimachinery.pkg.api.resource.Quantity",
    "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
    "k8s.io.apimachinery.pkg.runtime.RawExtension",
}

SCALARS = {"string", "bool", "int32", "int64", "uint32", "uint64", "double", "float", "bytes"}

FIELD_RE = re.compile(
    r"^\s*(optional|required|repeated)?\s*(map<\s*(\w+)\s*,\s*([\w.]+)\s*>|[\w.]+)\s+(\w+)\s*=\s*(\d+)")


def strip_proto_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def parse_proto(path, package):
    """Returns {message name: [(number, protoName, label, type, mapValueType)]}."""
    with open(path) as f:
        text = strip_proto_comments(f.read())
    messages = {}
    for m in re.finditer(r"\bmessage\s+(\w+)\s*\{([^{}]*)\}", text):
        fields = []
        for line in m.group(2).split(";"):
            fm = FIELD_RE.match(line.strip())
            if not fm:
                continue
            label, type_, key, value, name, number = fm.groups()
            fields.append((int(number), name, label or "optional",
                           "map" if key else type_, value))
        messages[package + "." + m.group(1)] = fields
    return messages


def resolve(type_, package, known):
    if type_ in SCALARS:
        return type_
    if type_.startswith("."):
        return type_[1:]
    # Unqualified names resolve in the message's own package.
    local = package + "." + type_
    if local in known:
        return local
    raise SystemExit("unresolved type %s in %s" % (type_, package))


def parse_go_structs(directory):
    """Returns {struct name: {protobuf field number: (jsonName, omitempty, pointer, inline)}}."""
    structs = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".go") or name.endswith("_test.go"):
            continue
        with open(os.path.join(directory, name)) as f:
            lines = f.read().split("\n")
        i = 0
        while i < len(lines):
            m = re.match(r"^type\s+(\w+)\s+struct\s*\{\s*$", lines[i])
            i += 1
            if not m:
                continue
            fields = {}
            while i < len(lines) and not lines[i].startswith("}"):
                parsed = parse_go_field(lines[i])
                if parsed:
                    number, info = parsed
                    fields[number] = info
                i += 1
            structs[m.group(1)] = fields
    return structs


def parse_go_field(line):
    line = line.strip()
    if line.startswith("//") or "`" not in line:
        return None
    decl, tag = line.split("`", 1)
    tags = dict(re.findall(r'(\w+):"([^"]*)"', tag))
    proto_tag = tags.get("protobuf", "").split(",")
    if len(proto_tag) < 2 or not proto_tag[1].isdigit():
        return None
    parts = decl.split()
    embedded = len(parts) == 1
    go_type = parts[-1]
    go_name = parts[0] if not embedded else go_type.split(".")[-1].lstrip("*")
    number = int(proto_tag[1])
    json_parts = tags.get("json", go_name).split(",")
    json_name = json_parts[0]
    inline = embedded and json_name == ""
    if json_name == "" and not inline:
        json_name = go_name
    return number, (json_name, "omitempty" in json_parts[1:], go_type.startswith("*"), inline)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True, help="a checkout of kubernetes/api")
    parser.add_argument("--apimachinery", required=True, help="a checkout of kubernetes/apimachinery")
    args = parser.parse_args()
    roots = {"api": args.api, "apimachinery": args.apimachinery}

    protos, go_structs, package_of = {}, {}, {}
    for package, directory, root in PACKAGES:
        base = os.path.join(roots[root], directory)
        parsed = parse_proto(os.path.join(base, "generated.proto"), package)
        protos.update(parsed)
        for message in parsed:
            package_of[message] = package
        go_structs[package] = parse_go_structs(base)

    table, pending = {}, []
    kinds = {}
    for api_version, (package, names) in KINDS.items():
        for kind in names:
            message = package + "." + kind
            if message not in protos:
                raise SystemExit("no message " + message)
            kinds[api_version + "/" + kind] = message
            pending.append(message)

    while pending:
        message = pending.pop()
        if message in table or message in SPECIAL:
            continue
        package = package_of[message]
        struct = go_structs[package].get(message.rsplit(".", 1)[1])
        if struct is None:
            raise SystemExit("no Go struct for " + message)
        rows = []
        for number, proto_name, label, type_, map_value in sorted(protos[message]):
            go = struct.get(number)
            if go is None:
                print("warning: %s field %d has no Go tag, skipped" % (message, number),
                      file=sys.stderr)
                continue
            json_name, omitempty, pointer, inline = go
            if type_ == "map":
                element = resolve(map_value, package, protos)
                rendered = "map<string,%s>" % element
            else:
                element = resolve(type_, package, protos)
                rendered = ("[]" if label == "repeated" else "") + element
            if element not in SCALARS:
                pending.append(element)
            flags = ("p" if pointer else "") + ("" if omitempty else "k") + ("i" if inline else "")
            rows.append([number, json_name, rendered, flags])
        table[message] = rows

    out = {"kinds": dict(sorted(kinds.items())), "messages": dict(sorted(table.items()))}
    # One message per line keeps the file small and its diffs readable.
    print("{")
    print('"kinds": ' + json.dumps(out["kinds"], separators=(",", ":")) + ",")
    print('"messages": {')
    items = list(out["messages"].items())
    for i, (name, rows) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        print("%s: %s%s" % (json.dumps(name), json.dumps(rows, separators=(",", ":")), comma))
    print("}}")


if __name__ == "__main__":
    main()
