#!/usr/bin/env python3
"""Writes a generated cluster for the analyzer benchmark: NAMESPACES namespaces, each with
WORKLOADS Deployments of REPLICAS pods (as `kubectl get -o yaml` would list them, with pod IPs)
and POLICIES NetworkPolicies of the shapes real clusters have: a default deny, DNS to kube-dns,
app-to-app inside the namespace (named and numbered ports), to a shared namespace by label, an
ipBlock with excepts, and ingress isolation. Deterministic for a given seed.

usage: generate.py OUT_DIR [--namespaces 500] [--workloads 4] [--replicas 5] [--policies 4] [--seed 1]
"""
import argparse
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--namespaces", type=int, default=500)
parser.add_argument("--workloads", type=int, default=4)
parser.add_argument("--replicas", type=int, default=5)
parser.add_argument("--policies", type=int, default=4)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
rng = random.Random(args.seed)
os.makedirs(args.out, exist_ok=True)

TEAMS = ["payments", "shop", "search", "ml", "data", "ops"]
APPS = ["frontend", "backend", "worker", "cache", "api", "batch"]


def deployment(ns, app, team):
    return f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: {app}, namespace: {ns}}}
spec:
  replicas: {args.replicas}
  selector: {{matchLabels: {{app: {app}}}}}
  template:
    metadata: {{labels: {{app: {app}, team: {team}}}}}
    spec:
      serviceAccountName: {app}
      containers:
        - name: {app}
          image: registry.example/{app}:1
          ports: [{{name: http, containerPort: 8080}}, {{name: metrics, containerPort: 9090}}]
"""


def pod(ns, app, team, index, ip):
    return f"""  - apiVersion: v1
    kind: Pod
    metadata:
      name: {app}-{index}
      namespace: {ns}
      labels: {{app: {app}, team: {team}}}
      ownerReferences: [{{apiVersion: apps/v1, kind: ReplicaSet, name: {app}-7d9f, uid: u-{ns}-{app}}}]
    spec:
      serviceAccountName: {app}
      containers:
        - name: {app}
          image: registry.example/{app}:1
          ports: [{{name: http, containerPort: 8080}}, {{name: metrics, containerPort: 9090}}]
    status: {{podIP: {ip}, podIPs: [{{ip: {ip}}}]}}
"""


def policies(n, ns, apps, shared):
    shapes = [
        f"""apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: default-deny, namespace: {ns}}}
spec: {{podSelector: {{}}, policyTypes: [Ingress, Egress]}}
""",
        f"""apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: dns, namespace: {ns}}}
spec:
  podSelector: {{}}
  policyTypes: [Egress]
  egress:
    - to: [{{namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: kube-system}}}},
             podSelector: {{matchLabels: {{k8s-app: kube-dns}}}}}}]
      ports: [{{port: 53, protocol: UDP}}, {{port: 53, protocol: TCP}}]
""",
        f"""apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: {apps[0]}-to-{apps[1]}, namespace: {ns}}}
spec:
  podSelector: {{matchLabels: {{app: {apps[0]}}}}}
  policyTypes: [Egress]
  egress:
    - to: [{{podSelector: {{matchExpressions: [{{key: app, operator: In, values: [{apps[1]}, {apps[2]}]}}]}}}}]
      ports: [{{port: http}}]
    - to: [{{namespaceSelector: {{matchLabels: {{team: {shared}}}}}}}]
      ports: [{{port: 8080}}]
""",
        f"""apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: {apps[1]}-ingress, namespace: {ns}}}
spec:
  podSelector: {{matchLabels: {{app: {apps[1]}}}}}
  policyTypes: [Ingress]
  ingress:
    - from: [{{podSelector: {{}}}}, {{namespaceSelector: {{matchLabels: {{team: {shared}}}}}}}]
      ports: [{{port: 8080}}, {{port: 9000, endPort: 9100}}]
""",
        f"""apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: {apps[2]}-vendor, namespace: {ns}}}
spec:
  podSelector: {{matchLabels: {{app: {apps[2]}}}}}
  policyTypes: [Egress]
  egress:
    - to: [{{ipBlock: {{cidr: 198.51.{rng.randrange(256)}.0/24, except: [198.51.0.0/28]}}}}]
      ports: [{{port: 443}}]
""",
    ]
    # every namespace has its default deny; the other shapes rotate so each appears widely
    rest = shapes[1:]
    rest = rest[n % len(rest):] + rest[: n % len(rest)]
    return ([shapes[0]] + rest)[: args.policies]


pods = 0
for n in range(args.namespaces):
    ns = f"ns-{n:04d}"
    team = TEAMS[n % len(TEAMS)]
    shared = TEAMS[(n + 1) % len(TEAMS)]
    apps = rng.sample(APPS, max(args.workloads, 3))[: max(args.workloads, 3)]
    documents = [f"""apiVersion: v1
kind: Namespace
metadata: {{name: {ns}, labels: {{team: {team}}}}}
"""]
    documents += [deployment(ns, app, team) for app in apps[: args.workloads]]
    documents += policies(n, ns, apps, shared)
    items = []
    for w, app in enumerate(apps[: args.workloads]):
        for r in range(args.replicas):
            pods += 1
            items.append(pod(ns, app, team, r, f"10.{(pods >> 16) & 255}.{(pods >> 8) & 255}.{pods & 255}"))
    with open(os.path.join(args.out, f"{ns}.yaml"), "w") as out:
        out.write("---\n".join(documents))
    with open(os.path.join(args.out, f"{ns}-pods.yaml"), "w") as out:
        out.write("apiVersion: v1\nkind: PodList\nitems:\n" + "".join(items))

with open(os.path.join(args.out, "kube-system.yaml"), "w") as out:
    out.write("""apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  replicas: 2
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      containers:
        - name: coredns
          image: registry.k8s.io/coredns/coredns:v1.11.3
          ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53, protocol: TCP}]
""")
print(f"{args.namespaces} namespaces, {pods} pods, {args.namespaces * args.workloads} deployments, "
      f"{args.namespaces * min(args.policies, 5)} network policies in {args.out}")
