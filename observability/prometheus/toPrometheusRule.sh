#!/usr/bin/env bash
# Wraps the Prometheus rule files in a PrometheusRule (Prometheus Operator) on stdout.
# Usage: observability/prometheus/toPrometheusRule.sh > deploy/components/monitoring/prometheusrule.yaml
# tools/checkInfra.sh fails when the committed PrometheusRule is out of date.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

cat <<'HEADER'
# GENERATED from observability/prometheus/rules/*.yml by observability/prometheus/toPrometheusRule.sh.
# Do not edit: change the rule files, then regenerate.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: conveyor
  labels:
    release: kube-prometheus-stack
spec:
  groups:
HEADER
# Copy the entries under each file's `groups:` key, indented under spec.groups
# (the file header comments are dropped).
for f in "$here"/rules/*.yml; do
  sed -n '/^groups:/,$p' "$f" | tail -n +2 | sed 's/^\(.\)/  \1/'
done
