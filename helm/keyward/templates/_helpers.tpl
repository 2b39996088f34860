{{- define "keyward.fullname" -}}
{{- if contains "keyward" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-keyward" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "keyward.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "keyward.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "keyward.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "keyward.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "keyward.selectorLabels" -}}
app.kubernetes.io/name: keyward
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The ClusterRoles named in the role map: the only ones the operator may bind. */}}
{{- define "keyward.bindableClusterRoles" -}}
{{- $names := list -}}
{{- range $role, $spec := (.Values.roleMap.roles | default dict) -}}
{{- if $spec.clusterRole -}}
{{- $names = append $names $spec.clusterRole -}}
{{- end -}}
{{- end -}}
{{- $names | uniq | sortAlpha | toJson -}}
{{- end -}}

{{/* The verifier-only Deployment, its ServiceAccount, RBAC and Service (verifier.separate). */}}
{{- define "keyward.verifierName" -}}
{{- printf "%s-verifier" (include "keyward.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "keyward.verifierSelectorLabels" -}}
app.kubernetes.io/name: keyward-verifier
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Where clients reach the HTTP API: publicUrl, else the Service that serves it. */}}
{{- define "keyward.publicUrl" -}}
{{- $service := include "keyward.fullname" . -}}
{{- if .Values.verifier.separate -}}
{{- $service = include "keyward.verifierName" . -}}
{{- end -}}
{{- .Values.publicUrl | default (printf "%s://%s.%s.svc:%v" (ternary "https" "http" .Values.tls.enabled) $service .Release.Namespace .Values.ports.http) -}}
{{- end -}}
