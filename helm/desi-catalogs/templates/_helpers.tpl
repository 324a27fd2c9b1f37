{{- define "desi.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "desi.fullname" -}}
{{- printf "%s-%s" .Release.Name (include "desi.name" .) | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* labels for every object */}}
{{- define "desi.labels" -}}
app.kubernetes.io/part-of: desi-catalogs
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* selector of one service's pods: (dict "root" $ "svc" "query") */}}
{{- define "desi.selector" -}}
app.kubernetes.io/name: {{ .svc }}-service
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "desi.image" -}}
{{- printf "%s/%s-service:%s" .root.Values.image.registry .svc .root.Values.image.tag -}}
{{- end -}}

{{/* restricted pod-security settings shared by every container */}}
{{- define "desi.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: {{ .Values.image.runAsUser }}
runAsGroup: {{ .Values.image.runAsUser }}
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* database credentials, only from the existing Secret; role = writer | reader */}}
{{- define "desi.dbCredentials" -}}
- name: DESI_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.database.existingSecret }}
      key: {{ index .root.Values.database (printf "%sUserKey" .role) }}
- name: DESI_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.database.existingSecret }}
      key: {{ index .root.Values.database (printf "%sPasswordKey" .role) }}
{{- end -}}

{{- define "desi.ownerCredentials" -}}
- name: DESI_DB_OWNER_USER
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.ownerUserKey }}
- name: DESI_DB_OWNER_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.ownerPasswordKey }}
{{- end -}}

{{/* where the database is (no secrets): the shared ConfigMap's data, also inlined in the hook Job */}}
{{- define "desi.dbSettings" -}}
DESI_DB_HOST: {{ .Values.database.host | quote }}
DESI_DB_PORT: {{ .Values.database.port | quote }}
DESI_DB_NAME: {{ .Values.database.name | quote }}
DESI_DB_WRITER_ROLE: {{ .Values.database.writerRole | quote }}
DESI_DB_READER_ROLE: {{ .Values.database.readerRole | quote }}
DESI_DB_SSLMODE: {{ .Values.database.sslMode | quote }}
{{- if .Values.database.caSecret }}
DESI_DB_SSLROOTCERT: {{ printf "/etc/desi/pg-ca/%s" .Values.database.caSecretKey | quote }}
{{- end }}
{{- end -}}

{{/* The PostgreSQL CA (database.caSecret), mounted where DESI_DB_SSLROOTCERT points */}}
{{- define "desi.caMount" -}}
{{- if .Values.database.caSecret }}
- name: pg-ca
  mountPath: /etc/desi/pg-ca
  readOnly: true
{{- end }}
{{- end -}}
{{- define "desi.caVolume" -}}
{{- if .Values.database.caSecret }}
- name: pg-ca
  secret:
    secretName: {{ .Values.database.caSecret }}
{{- end }}
{{- end -}}

{{- define "desi.operatorPresent" -}}
{{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" -}}true{{- end -}}
{{- end -}}

{{/* "true" when a metrics object ("auto" | "true" | "false") should render */}}
{{- define "desi.enabled" -}}
{{- $v := toString .value -}}
{{- if or (eq $v "true") (and (eq $v "auto") (include "desi.operatorPresent" .root)) -}}true{{- end -}}
{{- end -}}
