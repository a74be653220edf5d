# Sourced by the trials once S and O name the site's and the outside's network namespaces and out
# the trial's folder: makes the folder and its steps file, takes the namespaces down, with every process in them, when
# the trial ends whatever the way (also on failure or Ctrl-C), and gives netns_pair to make them
# and in_s / in_o to run a command in either.
mkdir -p "$out"
PY=/usr/bin/python3
export LC_ALL=C

# mark NAME [WHAT]: a step of the trial and its time (epoch ms), in $out/steps.txt and on the terminal, said
# as $trial_name.
now() { date +%s%3N; }
mark() { echo "$1 $(now) ${2:-}" >>"$out/steps.txt"; echo "${trial_name:-trial}: $1${2:+ ($2)}"; }
: >"$out/steps.txt"

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

# trial_needs PACKAGE:COMMAND ...: stops the trial before anything starts, in one line naming the Debian
# packages to install, when a tool is missing (a server that cannot start would otherwise leave its steps
# undetected, as if the detector had missed them). A COMMAND of python3.MODULE asks for a Python module.
trial_needs() {
  local missing=() pkg cmd
  [ "$(id -u)" = 0 ] || { echo "trial: needs root (network namespaces)" >&2; exit 2; }
  for pair in "$@"; do
    pkg="${pair%%:*}" cmd="${pair#*:}"
    case "$cmd" in
      python3.*) $PY -c "import ${cmd#python3.}" 2>/dev/null || missing+=("$pkg") ;;
      *) command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("$pkg") ;;
    esac
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "trial: missing tools; run: apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
}

in_s() { ip netns exec $S "$@"; }
in_o() { ip netns exec $O "$@"; }

# netns_pair SITE_IF OUT_IF: the two namespaces joined by one veth pair and nothing else, every link up.
netns_pair() {
  ip netns add $S
  ip netns add $O
  ip link add "$1" netns $S type veth peer name "$2" netns $O
  for ns in $S $O; do ip -n $ns link set lo up; done
  ip -n $S link set "$1" up
  ip -n $O link set "$2" up
}
