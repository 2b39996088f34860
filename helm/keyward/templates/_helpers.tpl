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
