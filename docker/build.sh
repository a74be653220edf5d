#!/usr/bin/env bash
# Builds vigil:dev with podman here (no Docker engine, no registry): a Debian base image made
# with debootstrap from Debian's own packages, tagged so the Dockerfile's FROM is unchanged.
# Needs: apt-get install -y podman buildah debootstrap uidmap slirp4netns fuse-overlayfs runc
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/docker/podman-env.sh"
if ! podman image exists docker.io/library/debian:bookworm-slim; then
  mirror="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  rm -rf "$W/rootfs"
  debootstrap --variant=minbase bookworm "$W/rootfs" "$mirror" >"$W/debootstrap.log" 2>&1
  rm -rf "$W"/rootfs/var/cache/apt/archives/*.deb "$W"/rootfs/var/lib/apt/lists/*
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb http://security.debian.org/debian-security bookworm-security main\n' \
    "$mirror" "$mirror" > "$W/rootfs/etc/apt/sources.list"
  tar -C "$W/rootfs" -c . | podman import - localhost/debian:bookworm >/dev/null
  podman tag localhost/debian:bookworm docker.io/library/debian:bookworm-slim
  rm -rf "$W/rootfs"
fi
# The host's Maven repository, so the build stage need not download what is already here.
m2="${HOME}/.m2"
extra=()
if [ -d "$m2/repository" ]; then extra=(--volume "$m2:/root/.m2:Z" --build-arg MAVEN_OPTS_EXTRA=-o); fi
podman build --pull=never --format docker "${extra[@]}" -f "$root/docker/Dockerfile" -t localhost/vigil:dev "$root"
