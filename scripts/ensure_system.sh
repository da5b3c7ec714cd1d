#!/usr/bin/env bash
# Installs, from Debian's packages, what a step needs and the machine lacks. Never hides a failure.
set -euo pipefail

need=()
case "${1:-}" in
  python)
    "${PYTHON:-python3}" -c "import venv, ensurepip" 2>/dev/null || need+=(python3-venv)
    # WeasyPrint (PDF exports) draws text with Pango and needs at least one font.
    ldconfig -p | grep -q "libpangoft2-1.0.so" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
    { command -v fc-list >/dev/null && [ -n "$(fc-list 2>/dev/null | head -n 1)" ]; } || need+=(fonts-dejavu-core fontconfig)
    # PyICU (French alphabetical order) has no wheels on PyPI: pip builds it against Debian's ICU.
    { command -v pkg-config >/dev/null && pkg-config --exists icu-i18n; } || need+=(libicu-dev pkg-config)
    command -v g++ >/dev/null || need+=(g++)
    "${PYTHON:-python3}" -c "import os, sysconfig; assert os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h'))" 2>/dev/null || need+=(python3-dev)
    ;;
  node) command -v npm >/dev/null || need+=(npm) ;;
  test)
    command -v chromium >/dev/null || need+=(chromium)
    ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null || need+=(postgresql)
    ;;
  bench)
    command -v wrk >/dev/null || need+=(wrk)
    ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null || need+=(postgresql)
    ;;
  *) echo "usage: $0 python|node|test|bench" >&2; exit 2 ;;
esac
[ ${#need[@]} -eq 0 ] && exit 0

echo "Installation des paquets Debian manquants : ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
