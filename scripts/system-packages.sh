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
#   venv     python3 -m venv with ensurepip ($PYTHON)     (python3-venv)
#   postgres PostgreSQL 15 server, for .ci/run            (postgresql-15)
#
# As root the missing packages are installed with apt-get (one `apt-get update`
# first). Otherwise the script prints the exact command to run and exits 1.
# Nothing is printed when everything is present.
set -eu

PYTHON=${PYTHON:-python3}
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

check_postgres() {
    { have_command pg_ctlcluster && [ -x /usr/lib/postgresql/15/bin/postgres ]; } \
        || add postgresql-15
}

if [ $# -eq 0 ]; then
    echo "usage: $0 font|pdf|browser|gettext|office|venv|postgres..." >&2
    exit 2
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
            venv) check_venv ;;
            postgres) check_postgres ;;
            *)
                echo "$0: unknown kind '$kind' (font, pdf, browser, gettext, office, venv, postgres)" >&2
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
apt-get update -qq
# shellcheck disable=SC2086  # the list is meant to split into words
apt-get install -y -qq --no-install-recommends $missing </dev/null

check "$@"
if [ -n "$missing" ]; then
    echo "Still missing after apt-get install: $missing" >&2
    exit 1
fi
