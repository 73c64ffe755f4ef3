{{/* Labels of one component: its name, its role and the chart's common labels. */}}
{{- define "conveyor.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: conveyor
{{- end }}

{{- define "conveyor.chartLabels" -}}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* Pod security context of the Node services (uid 1000 in their images). */}}
{{- define "conveyor.podSecurity" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .gid }}
{{- if .fsGroup }}
fsGroup: {{ .fsGroup }}
{{- end }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "conveyor.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{/* Spread over zones (and hosts when .hosts): labelSelector on the component's name. */}}
{{- define "conveyor.spread" -}}
- maxSkew: 1
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: ScheduleAnyway
  labelSelector:
    matchLabels:
      app.kubernetes.io/name: {{ .name }}
{{- if .hosts }}
- maxSkew: 1
  topologyKey: kubernetes.io/hostname
  whenUnsatisfiable: ScheduleAnyway
  labelSelector:
    matchLabels:
      app.kubernetes.io/name: {{ .name }}
{{- end }}
{{- end }}

{{- define "conveyor.image" -}}
{{ .repository }}:{{ .tag }}
{{- end }}

{{- /* The APIs' authentication and browser settings (values oidc and api): OIDC issuer, audience, roles claim
       and role map (empty values left out), CORS origins, HSTS, NODE_ENV. Never AUTH_BOOTSTRAP_API_KEY: the first
       admin key of a cluster is created with `npm run admin -- api-key create` (deploy/README.md). */}}
{{- define "conveyor.apiSecurityEnv" -}}
- name: NODE_ENV
  value: production
- name: CORS_ORIGINS
  value: {{ required "api.corsOrigins: the dashboard's origin(s), comma-separated" .Values.api.corsOrigins | quote }}
- name: HSTS
  value: {{ .Values.api.hsts | quote }}
{{- with .Values.oidc.issuer }}
- name: OIDC_ISSUER
  value: {{ . | quote }}
{{- end }}
{{- with .Values.oidc.audience }}
- name: OIDC_AUDIENCE
  value: {{ . | quote }}
{{- end }}
{{- with .Values.oidc.rolesClaim }}
- name: OIDC_ROLES_CLAIM
  value: {{ . | quote }}
{{- end }}
{{- with .Values.oidc.roleMap }}
- name: OIDC_ROLE_MAP
  value: {{ toJson . | quote }}
{{- end }}
{{- end }}

{{- /* The rate limits of one API (value api.rateLimits; dict "root" and "name", the service's name): both APIs
       switch them on or off, command-api limits submissions, query-api expensive reads. */}}
{{- define "conveyor.apiRateLimitEnv" -}}
{{- $limits := .root.Values.api.rateLimits -}}
- name: RATE_LIMIT_ENABLED
  value: {{ $limits.enabled | toString | quote }}
{{- if eq .name "command-api" }}
- name: RATE_LIMIT_SUBMIT_PER_SECOND
  value: {{ $limits.submitPerSecond | toString | quote }}
- name: RATE_LIMIT_SUBMIT_BURST
  value: {{ $limits.submitBurst | int64 | toString | quote }}
{{- else if eq .name "query-api" }}
- name: RATE_LIMIT_READ_PER_SECOND
  value: {{ $limits.readPerSecond | toString | quote }}
- name: RATE_LIMIT_READ_BURST
  value: {{ $limits.readBurst | int64 | toString | quote }}
{{- end }}
{{- end }}
