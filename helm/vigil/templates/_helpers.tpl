{{/* Labels every object carries; the component is collector, detector, notifier or reporter. */}}
{{- define "vigil.labels" -}}
app.kubernetes.io/name: vigil
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/component: {{ .component }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "vigil.selector" -}}
app.kubernetes.io/name: vigil
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "vigil.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "vigil.image" -}}
{{ printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- end -}}

{{/* Every role's Kafka settings: the cluster and its CA, and how this role proves who it is (its own Secret), by path. */}}
{{- define "vigil.kafka" -}}
namespace: {{ .root.Values.namespace | quote }}
{{- if eq .root.Values.kafka.auth.mechanism "scram-sha-512" }}
kafka-auth: {mechanism: scram-sha-512, username: {{ .role | quote }}, password: "${file:/etc/vigil/kafka-auth/password}"}
{{- else if eq .root.Values.kafka.auth.mechanism "mtls" }}
kafka-auth: {mechanism: mtls, keystore: /etc/vigil/kafka-auth/keystore.p12, keystore-password: "${file:/etc/vigil/kafka-auth/keystore.password}"}
{{- else if ne .root.Values.kafka.auth.mechanism "none" }}
{{- fail (printf "kafka.auth.mechanism is none, mtls or scram-sha-512, not %s" .root.Values.kafka.auth.mechanism) }}
{{- end }}
{{- /* kafka last: a role may add client properties under it */}}
kafka:
  bootstrap.servers: {{ .root.Values.kafka.bootstrapServers | quote }}
{{- if eq .root.Values.kafka.auth.mechanism "none" }}
  security.protocol: {{ .root.Values.kafka.securityProtocol | quote }}
{{- end }}
{{- if .root.Values.kafka.tls.existingSecret }}
  ssl.truststore.location: /etc/vigil/kafka-tls/truststore.p12
  ssl.truststore.password: "${file:/etc/vigil/kafka-tls/truststore.password}"
{{- end }}
{{- range $k, $v := .root.Values.kafka.properties }}
  {{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}

{{/* Volumes every role mounts: its settings, the Kafka secrets, a writable /tmp. */}}
{{- define "vigil.volumes" -}}
- name: config
  configMap:
    name: {{ include "vigil.fullname" (dict "root" .root "component" "config") }}
- name: tmp
  emptyDir: {}
{{- if .root.Values.metrics.tls.existingSecret }}
- name: metrics-tls
  secret:
    secretName: {{ .root.Values.metrics.tls.existingSecret }}
    defaultMode: 0440
{{- end }}
{{- if .root.Values.kafka.tls.existingSecret }}
- name: kafka-tls
  secret:
    secretName: {{ .root.Values.kafka.tls.existingSecret }}
    defaultMode: 0440
{{- end }}
{{- if ne .root.Values.kafka.auth.mechanism "none" }}
- name: kafka-auth
  secret:
    # the role's own principal: only its secret is in its pod
    secretName: {{ printf "%s-%s" .root.Values.kafka.auth.secretPrefix .role }}
    defaultMode: 0440
{{- end }}
{{- end -}}

{{- define "vigil.mounts" -}}
- name: config
  mountPath: /etc/vigil/{{ .component }}.yaml
  subPath: {{ .component }}.yaml
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- if .root.Values.metrics.tls.existingSecret }}
- name: metrics-tls
  mountPath: /etc/vigil/metrics-tls
  readOnly: true
{{- end }}
{{- if .root.Values.kafka.tls.existingSecret }}
- name: kafka-tls
  mountPath: /etc/vigil/kafka-tls
  readOnly: true
{{- end }}
{{- if ne .root.Values.kafka.auth.mechanism "none" }}
- name: kafka-auth
  mountPath: /etc/vigil/kafka-auth
  readOnly: true
{{- end }}
{{- end -}}

{{/* A role's metrics settings: loopback, or the pod's address over HTTPS with the keystore. */}}
{{- define "vigil.metrics" -}}
{{- if .root.Values.metrics.tls.existingSecret -}}
metrics: {bind: 0.0.0.0, port: {{ .port }}, tls-keystore: /etc/vigil/metrics-tls/keystore.p12, tls-keystore-password: "${file:/etc/vigil/metrics-tls/keystore.password}"}
{{- else -}}
metrics: {bind: 127.0.0.1, port: {{ .port }}}
{{- end -}}
{{- end -}}

{{/* A probe of /health: over HTTPS when the endpoint has TLS, else through the CLI on loopback. */}}
{{- define "vigil.probe" -}}
{{- if .root.Values.metrics.tls.existingSecret }}
httpGet: {path: /health, port: {{ .port }}, scheme: HTTPS}
{{- else }}
exec:
  command: ["/usr/bin/vigil", "health", "--url", "http://127.0.0.1:{{ .port }}/health"]
{{- end }}
periodSeconds: 30
timeoutSeconds: 15
failureThreshold: 3
{{- end -}}

{{- define "vigil.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}
