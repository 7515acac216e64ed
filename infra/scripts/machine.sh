#!/usr/bin/env bash
# Makes this machine ready for Wenxin: a running Redis (installed from Debian's redis-server when missing),
# and for the tests Debian's Chromium. Sourced by run and test; safe to run again and again.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "wenxin: need root to run: $*" >&2; return 1; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

redis_url="${WENXIN_REDIS_URL:-redis://127.0.0.1:6379}"

ensure_redis() {
  # Only a local default Redis is ours to start; a configured remote one is the deployment's business.
  [ "$redis_url" = "redis://127.0.0.1:6379" ] || return 0
  if command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
    return 0
  fi
  if ! command -v redis-server >/dev/null; then
    echo "wenxin: installing redis-server" >&2
    apt_install redis-server
  fi
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/wenxin.log
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  echo "wenxin: Redis did not start; the service will run on its in-process fallback" >&2
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "wenxin: installing chromium" >&2
    apt_install chromium
  fi
  # Chinese pages need a CJK font to render (and to be screenshotted) legibly.
  if ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then
    apt_install fonts-noto-cjk || true
  fi
}

ensure_build_tools() {
  for tool in java mvn node npm; do
    command -v "$tool" >/dev/null || { echo "wenxin: '$tool' is required on PATH" >&2; exit 1; }
  done
}
