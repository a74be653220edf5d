# Sourced by docker/build.sh and docker/check.sh: podman as it works on machines without a
# Docker engine or a registry: runc, the host's open-files limit,
# storage and settings in a work directory of their own, never in /etc.
W="${VIGIL_PODMAN_DIR:-/var/tmp/vigil-podman}"
mkdir -p "$W/tmp" "$W/networks"
nofile="$(ulimit -Hn)"
[ "$nofile" = unlimited ] && nofile=1048576
cat > "$W/containers.conf" <<CONF
[containers]
default_capabilities = ["CHOWN","DAC_OVERRIDE","FOWNER","FSETID","KILL","NET_BIND_SERVICE","SETFCAP","SETGID","SETPCAP","SETUID","SYS_CHROOT"]
default_sysctls = ["net.ipv4.ping_group_range=0 0"]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=32768:32768"]
[engine]
runtime = "runc"
tmp_dir = "$W/tmp"
[network]
network_config_dir = "$W/networks"
CONF
cat > "$W/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$W/storage"
runroot = "$W/runroot"
CONF
export CONTAINERS_CONF="$W/containers.conf" CONTAINERS_STORAGE_CONF="$W/storage.conf" BUILDAH_FORMAT=docker
