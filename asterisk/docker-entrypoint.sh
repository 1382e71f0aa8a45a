#!/bin/sh
# Writes ARI's account from the environment at every start, so the image holds no password and Asterisk
# does not start without one. The local sandbox (scripts/infra.sh) uses asterisk/ari.conf, which the image
# leaves out (asterisk/.dockerignore). The SIP trunk and the RTP range come from SIP_TRUNK_* the same way.
set -eu

: "${ARI_PASSWORD:?ARI_PASSWORD is required (docs/deploy.md)}"
fail() { echo "ARI_PASSWORD $1 (docs/deploy.md)" >&2; exit 1; }
[ "$ARI_PASSWORD" != dialer ] || fail "is the sandbox's, published in this repository"
[ ${#ARI_PASSWORD} -ge 16 ] || fail "needs at least 16 characters"
# ari.conf reads ';' as a comment and trims spaces: only characters it keeps as they are.
case "$ARI_PASSWORD" in *[!A-Za-z0-9._~+/=-]*) fail "may hold only letters, digits and . _ ~ + / = -" ;; esac

# It checks every SIP_TRUNK_* value before it writes anything.
"$(dirname "$0")/telephony-config.sh" /etc/asterisk

umask 027
cat >/etc/asterisk/ari.conf <<CONF
[general]
enabled = yes
pretty = no
; Every event names the worker holding the call, so that one worker follows it (libs/telephony/src/agi-pool.ts).
channelvars = DIALER_AGI_URL

[${ARI_USER:-dialer}]
type = user
read_only = no
password = $ARI_PASSWORD
password_format = plain
CONF
chown root:asterisk /etc/asterisk/ari.conf /etc/asterisk/pjsip-trunk.conf /etc/asterisk/rtp.conf
exec "$@"
