#!/bin/sh
# Check for the Debian packages the project needs outside Python, and install
# whatever is missing.
#
#   scripts/system-packages.sh KIND...
#
#   font     a CJK font, so PDFs print Chinese text      (fonts-noto-cjk)
#   pdf      the Pango libraries WeasyPrint loads         (libpango-1.0-0 libpangoft2-1.0-0)
#   browser  Debian's Chromium for the browser tests      (chromium)
#   gettext  msgfmt and xgettext for the translations     (gettext)
#   office   LibreOffice Calc, headless, to read exports  (libreoffice-calc-nogui)
#            back as a person's spreadsheet does (tests)
#   raster   pdftoppm, for the tests that read QR codes   (poppler-utils)
#   venv     python3 -m venv with ensurepip ($PYTHON)     (python3-venv)
#   postgres PostgreSQL 15 server, for .ci/run            (postgresql-15)
#
# As root the missing packages are installed with apt-get (one `apt-get update`
# first). Otherwise the script prints the exact command to run and exits 1.
# Nothing is printed when everything is present.
#
# A fresh cloud machine often runs unattended upgrades for minutes after boot:
# apt-get then waits for the package manager's locks (up to APT_LOCK_TIMEOUT
# seconds, 600 by default) instead of failing at once.
#
#   scripts/system-packages.sh --wait-for-apt   only wait until the locks are free
set -eu

PYTHON=${PYTHON:-python3}
APT_LOCK_TIMEOUT=${APT_LOCK_TIMEOUT:-600}
APT_LOCK_POLL=${APT_LOCK_POLL:-2}
# The locks apt-get and dpkg take (fcntl locks on these files).
APT_LOCKS=${APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}
missing=""

add() {
    for pkg in "$@"; do
        case " $missing " in
            *" $pkg "*) ;;
            *) missing="${missing:+$missing }$pkg" ;;
        esac
    done
}

have_command() {
    command -v "$1" >/dev/null 2>&1
}

have_library() {
    # ldconfig lives in /sbin, which is not on every user's PATH.
    for ldconfig in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
        if have_command "$ldconfig"; then
            "$ldconfig" -p | grep -q "[[:space:]]$1 " && return 0
            return 1
        fi
    done
    return 1
}

# The families logistics/pdf.py (CJK_FONT_FAMILIES) and print.css name.
CJK_FAMILIES='(^|,)(Noto Sans CJK SC|Noto Serif CJK SC|Source Han Sans SC|WenQuanYi Zen Hei|WenQuanYi Micro Hei)(,|$)'

check_font() {
    if ! have_command fc-list; then
        add fontconfig fonts-noto-cjk
    elif ! fc-list :lang=zh family | grep -Eq "$CJK_FAMILIES"; then
        add fonts-noto-cjk
    fi
}

check_pdf() {
    have_library libpango-1.0.so.0 || add libpango-1.0-0
    have_library libpangoft2-1.0.so.0 || add libpangoft2-1.0-0
}

check_browser() {
    [ -x /usr/bin/chromium ] || add chromium
}

check_gettext() {
    { have_command msgfmt && have_command xgettext; } || add gettext
}

check_office() {
    have_command soffice || add libreoffice-calc-nogui
}

check_venv() {
    # Debian ships ensurepip, which `python3 -m venv` needs, in python3.X-venv.
    "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1 && return 0
    version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    default=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)
    if [ "$version" = "$default" ]; then
        add python3-venv
    else
        add "python$version-venv"
    fi
}

check_raster() {
    have_command pdftoppm || add poppler-utils
}

check_postgres() {
    { have_command pg_ctlcluster && [ -x /usr/lib/postgresql/15/bin/postgres ]; } \
        || add postgresql-15
}

lock_held() {
    # Whether another process holds the lock file $1: apt and dpkg take fcntl
    # locks, flock(1) takes flock locks; Linux keeps the two apart, so try both.
    [ -e "$1" ] || return 1
    "$PYTHON" - "$1" <<'PY'
import fcntl, sys
try:
    with open(sys.argv[1], "rb") as lock:
        fcntl.lockf(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
except BlockingIOError:
    sys.exit(0)  # held
except OSError:
    sys.exit(1)  # unreadable: let apt-get say what is wrong
sys.exit(1)
PY
}

wait_for_apt() {
    # Wait until no apt or dpkg lock is held, at most APT_LOCK_TIMEOUT seconds.
    waited=0
    told=""
    while :; do
        busy=""
        for lock in $APT_LOCKS; do
            if lock_held "$lock"; then
                busy=$lock
                break
            fi
        done
        [ -z "$busy" ] && return 0
        if [ "$waited" -ge "$APT_LOCK_TIMEOUT" ]; then
            echo "$0: $busy is still held after ${waited}s (another apt-get, or unattended-upgrades);" \
                "try again when it has finished, or set APT_LOCK_TIMEOUT." >&2
            return 1
        fi
        if [ -z "$told" ]; then
            echo "Waiting for another package manager to finish ($busy is held;" \
                "up to ${APT_LOCK_TIMEOUT}s)..." >&2
            told=1
        fi
        sleep "$APT_LOCK_POLL"
        waited=$((waited + APT_LOCK_POLL))
    done
}

apt_get() {
    # apt-get once the locks are free; dpkg's own wait covers the moment between.
    wait_for_apt
    apt-get -o DPkg::Lock::Timeout="$APT_LOCK_TIMEOUT" "$@"
}

apt_get_update() {
    # `apt-get update` takes the lists lock without waiting: wait, try, and wait
    # again if another process took it in between.
    for attempt in 1 2 3; do
        if apt_get update -qq; then
            return 0
        fi
        [ "$attempt" -lt 3 ] && sleep "$APT_LOCK_POLL"
    done
    return 1
}

if [ $# -eq 0 ]; then
    echo "usage: $0 font|pdf|browser|gettext|office|raster|venv|postgres... | --wait-for-apt" >&2
    exit 2
fi

if [ "$1" = "--wait-for-apt" ]; then
    wait_for_apt
    exit $?
fi

check() {
    missing=""
    for kind in "$@"; do
        case "$kind" in
            font) check_font ;;
            pdf) check_pdf ;;
            browser) check_browser ;;
            gettext) check_gettext ;;
            office) check_office ;;
            raster) check_raster ;;
            venv) check_venv ;;
            postgres) check_postgres ;;
            *)
                echo "$0: unknown kind '$kind' (font, pdf, browser, gettext, office, raster, venv, postgres)" >&2
                exit 2
                ;;
        esac
    done
}

check "$@"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    {
        echo "Missing system packages: $missing. Install them with:"
        echo "sudo apt-get install -y --no-install-recommends $missing"
    } >&2
    exit 1
fi

if ! have_command apt-get; then
    echo "Missing system packages: $missing (this is not a Debian-like system;" \
        "install their equivalents by hand)." >&2
    exit 1
fi

echo "Installing missing system packages: $missing"
export DEBIAN_FRONTEND=noninteractive
apt_get_update
# shellcheck disable=SC2086  # the list is meant to split into words
apt_get install -y -qq --no-install-recommends $missing </dev/null

check "$@"
if [ -n "$missing" ]; then
    echo "Still missing after apt-get install: $missing" >&2
    exit 1
fi
