#!/bin/sh
# Writes the SIP trunk (pjsip-trunk.conf, which pjsip.conf includes) and the RTP range (rtp.conf) into the
# directory given, from the SIP_TRUNK_* variables (docs/telephony.md). Every value is checked before anything
# is written: a bad one stops the container with a message naming the variable, never half a configuration.
# Without SIP_TRUNK_HOST there is no trunk: the file is emptied, and a pjsip.conf of your own still works.
set -eu
# Character ranges below are byte ranges.
export LC_ALL=C

dir=${1:?usage: telephony-config.sh <asterisk configuration directory>}

fail() { echo "SIP_TRUNK_$1 $2 (docs/telephony.md)" >&2; exit 1; }

# Asterisk's configuration files end a value at ';', start a section at '[' and a directive at '#' and trim
# spaces: each value may hold only the characters its field needs, so no value can add a line of its own.
only() { # variable name, value, shell pattern of the characters allowed, their description
  case "$2" in *[!$3]*) fail "$1" "may hold only $4" ;; esac
}
host_port() { # a host name or IPv4 address, and an optional port
  only "$1" "$2" 'A-Za-z0-9.:-' 'letters, digits and . - : (host[:port])'
  case "$2" in '' | :* | *:*:* | *: | -* | .*) fail "$1" "is not a host[:port]" ;; esac
  case "$2" in *:*[!0-9]*) fail "$1" "has a port that is not a number" ;; esac
}
list() { # a comma list, one configuration line per item
  printf '%s\n' "$2" | tr ',' '\n' | while IFS= read -r item; do [ -z "$item" ] || printf '%s = %s\n' "$1" "$item"; done
}
port() { # variable name, value
  only "$1" "$2" '0-9' 'digits'
  [ -n "$2" ] && [ "$2" -ge 1024 ] && [ "$2" -le 65535 ] || fail "$1" "must be a port number from 1024 to 65535"
}

HOST=${SIP_TRUNK_HOST:-}
AUTH=${SIP_TRUNK_AUTH:-registration}
USERNAME=${SIP_TRUNK_USERNAME:-}
PASSWORD=${SIP_TRUNK_PASSWORD:-}
FROM_USER=${SIP_TRUNK_FROM_USER:-}
FROM_DOMAIN=${SIP_TRUNK_FROM_DOMAIN:-}
OUTBOUND_PROXY=${SIP_TRUNK_OUTBOUND_PROXY:-}
TRANSPORT=${SIP_TRUNK_TRANSPORT:-udp}
MATCH=${SIP_TRUNK_MATCH:-}
EXTERNAL_ADDRESS=${SIP_TRUNK_EXTERNAL_ADDRESS:-}
LOCAL_NET=${SIP_TRUNK_LOCAL_NET:-}
CODECS=${SIP_TRUNK_CODECS:-ulaw,alaw}
RTP_START=${SIP_TRUNK_RTP_START:-10000}
RTP_END=${SIP_TRUNK_RTP_END:-10199}

port RTP_START "$RTP_START"
port RTP_END "$RTP_END"
[ "$RTP_START" -lt "$RTP_END" ] || fail RTP_END "must be above SIP_TRUNK_RTP_START"

if [ -n "$HOST" ]; then
  host_port HOST "$HOST"
  case "$AUTH" in
    registration)
      [ -n "$USERNAME" ] || fail USERNAME "is required with SIP_TRUNK_AUTH=registration"
      [ -n "$PASSWORD" ] || fail PASSWORD "is required with SIP_TRUNK_AUTH=registration" ;;
    ip) case "$MATCH" in *[A-Za-z0-9]*) ;; *) fail MATCH "is required with SIP_TRUNK_AUTH=ip (the carrier's addresses)" ;; esac ;;
    *) fail AUTH "must be registration or ip" ;;
  esac
  case "$TRANSPORT" in udp | tcp | tls) ;; *) fail TRANSPORT "must be udp, tcp or tls" ;; esac
  only USERNAME "$USERNAME" 'A-Za-z0-9._~+-' 'letters, digits and . _ ~ + -'
  # Printable characters but space, ; [ ] and backslash.
  only PASSWORD "$PASSWORD" '!-:<-Z^-~' 'printable characters other than space ; [ ] and backslash'
  only FROM_USER "$FROM_USER" 'A-Za-z0-9._~+-' 'letters, digits and . _ ~ + -'
  only FROM_DOMAIN "$FROM_DOMAIN" 'A-Za-z0-9.-' 'letters, digits and . -'
  [ -z "$OUTBOUND_PROXY" ] || host_port OUTBOUND_PROXY "$OUTBOUND_PROXY"
  only MATCH "$MATCH" 'A-Za-z0-9./,-' 'addresses, CIDRs and host names, separated by commas'
  only EXTERNAL_ADDRESS "$EXTERNAL_ADDRESS" 'A-Za-z0-9.-' 'letters, digits and . - (an address or host name)'
  only LOCAL_NET "$LOCAL_NET" '0-9./,' 'IPv4 CIDRs separated by commas'
  [ -z "$LOCAL_NET" ] || [ -n "$EXTERNAL_ADDRESS" ] || fail LOCAL_NET "means nothing without SIP_TRUNK_EXTERNAL_ADDRESS"
  only CODECS "$CODECS" 'a-z0-9_,' 'codec names (lower case) separated by commas'
  case "$CODECS" in *[a-z0-9]*) ;; *) fail CODECS "must name at least one codec" ;; esac
fi

umask 027
printf '[general]\nrtpstart = %s\nrtpend = %s\n' "$RTP_START" "$RTP_END" >"$dir/rtp.conf"

if [ -z "$HOST" ]; then
  echo '; No SIP trunk: SIP_TRUNK_HOST is not set (docs/telephony.md).' >"$dir/pjsip-trunk.conf"
  exit 0
fi

# A URI parameter's ';' must be escaped in Asterisk's configuration files.
case "$TRANSPORT" in
  udp) params='' bind=5060 ;;
  tcp) params='\;transport=tcp' bind=5060 ;;
  tls) params='\;transport=tls' bind=5061 ;;
esac

{
  echo "; Written at container start from SIP_TRUNK_* (asterisk/telephony-config.sh, docs/telephony.md)."
  echo
  echo '[transport-trunk]'
  echo 'type = transport'
  echo "protocol = $TRANSPORT"
  echo "bind = 0.0.0.0:$bind"
  if [ "$TRANSPORT" = tls ]; then
    # We are the client: the carrier's certificate is checked against the image's CA bundle (ca-certificates).
    echo 'method = tlsv1_2'
    echo 'verify_server = yes'
    echo 'ca_list_file = /etc/ssl/certs/ca-certificates.crt'
  fi
  if [ -n "$EXTERNAL_ADDRESS" ]; then
    # Behind NAT (Docker's too): the carrier must see the public address in SIP headers and SDP.
    echo "external_media_address = $EXTERNAL_ADDRESS"
    echo "external_signaling_address = $EXTERNAL_ADDRESS"
    list local_net "${LOCAL_NET:-10.0.0.0/8,172.16.0.0/12,192.168.0.0/16}"
  fi
  echo
  echo '[trunk]'
  echo 'type = aor'
  echo "contact = sip:$HOST$params"
  # OPTIONS every minute: the trunk shows Unavailable in `pjsip show contacts` when the carrier stops answering.
  echo 'qualify_frequency = 60'
  if [ "$AUTH" = registration ]; then
    echo
    echo '[trunk-auth]'
    echo 'type = auth'
    echo 'auth_type = userpass'
    echo "username = $USERNAME"
    echo "password = $PASSWORD"
    echo
    echo '[trunk-registration]'
    echo 'type = registration'
    echo 'transport = transport-trunk'
    echo 'outbound_auth = trunk-auth'
    echo "server_uri = sip:$HOST$params"
    echo "client_uri = sip:$USERNAME@${FROM_DOMAIN:-${HOST%%:*}}"
    echo "contact_user = $USERNAME"
    [ -z "$OUTBOUND_PROXY" ] || echo "outbound_proxy = sip:$OUTBOUND_PROXY\\;lr"
    echo 'retry_interval = 60'
    # A refused registration (wrong password) is retried less often, so the carrier does not block us.
    echo 'auth_rejection_permanent = no'
    echo 'forbidden_retry_interval = 600'
    echo 'max_retries = 10000'
    echo 'expiration = 3600'
    # Requests the carrier sends to the registered contact are tied to the trunk, not to an anonymous caller.
    echo 'line = yes'
    echo 'endpoint = trunk'
  fi
  echo
  echo '[trunk]'
  echo 'type = endpoint'
  echo 'transport = transport-trunk'
  echo 'aors = trunk'
  # The dialer only dials out: a call from the carrier is refused there (asterisk/extensions.conf).
  echo 'context = from-trunk'
  echo 'disallow = all'
  echo "allow = $CODECS"
  [ "$AUTH" != registration ] || echo 'outbound_auth = trunk-auth'
  [ -z "$FROM_USER" ] || echo "from_user = $FROM_USER"
  [ -z "$FROM_DOMAIN" ] || echo "from_domain = $FROM_DOMAIN"
  [ -z "$OUTBOUND_PROXY" ] || echo "outbound_proxy = sip:$OUTBOUND_PROXY\\;lr"
  # Media flows through Asterisk (it records and plays), and answers go back where they came from (NAT).
  echo 'direct_media = no'
  echo 'rtp_symmetric = yes'
  echo 'force_rport = yes'
  echo 'rewrite_contact = yes'
  echo 'dtmf_mode = rfc4733'
  # The caller id of each call (CALLER_ID or the campaign's) goes in P-Asserted-Identity too.
  echo 'send_pai = yes'
  if [ "$AUTH" = ip ]; then
    echo
    echo '[trunk-identify]'
    echo 'type = identify'
    echo 'endpoint = trunk'
    list match "$MATCH"
  fi
} >"$dir/pjsip-trunk.conf"
