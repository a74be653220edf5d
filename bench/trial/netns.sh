# Sourced by the trials once S and O name the site's and the outside's network namespaces: takes
# them down, with every process in them, when the trial ends whatever the way (also on failure or
# Ctrl-C), and gives in_s / in_o to run a command in either.
netns_cleanup() {
  # the workloads' loops run here and enter the namespaces per command: stop them first
  pkill -P $$ 2>/dev/null || true
  for ns in $S $O; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  done
  sleep 1
  for ns in $S $O; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}
trap netns_cleanup EXIT INT TERM
netns_cleanup

in_s() { ip netns exec $S "$@"; }
in_o() { ip netns exec $O "$@"; }
