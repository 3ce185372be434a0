# Shared by the gate scripts (sourced from the repository root): run a command as root,
# through sudo when not root. The sourcing script defines `fail`.
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fail "need root (or sudo) to run: $*"
  fi
}
