#!/usr/bin/env bash
# Renders a phrases file (phrases.tsv unless given) into Asterisk sounds: <dest>/<id>.wav, 8 kHz mono 16-bit
# as on a phone line; with phrases.tsv also roomtone.wav and roomtone-2s.wav (the quiet hiss of an open line:
# a listening customer still sends audio). Skips the work when the phrases and this script are unchanged.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dest=$1
phrases=${2:-$here/phrases.tsv}
stamp=$dest/.rendered-$(cat "$phrases" "$here/make-sounds.sh" | sha256sum | cut -c1-16)
[ -f "$stamp" ] && exit 0
mkdir -p "$dest"
rm -f "$dest"/.rendered-*
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
phone() { sox -R "$1" -r 8000 -c 1 -b 16 -e signed-integer "$2"; }
if [ $# -lt 2 ]; then
  sox -R -n -r 8000 -c 1 -b 16 -e signed-integer "$dest/roomtone.wav" synth 120 pinknoise vol 0.003
  sox -R -n -r 8000 -c 1 -b 16 -e signed-integer "$dest/roomtone-2s.wav" synth 2 pinknoise vol 0.003
fi
while IFS=$'\t' read -r id voice _intent text; do
  case "$id" in '' | '#'*) continue ;; esac
  case "$text" in
    '') sox -R -n -r 8000 -c 1 -b 16 -e signed-integer "$dest/$id.wav" synth 3 pinknoise vol 0.003 ;;
    '[noise]') sox -R -n -r 8000 -c 1 -b 16 -e signed-integer "$dest/$id.wav" synth 3 brownnoise vol 0.2 ;;
    *)
      case "$voice" in
        espeak:*) espeak-ng -v "${voice#espeak:}" -s 150 -w "$tmp/wide.wav" "$text" ;;
        *) flite -voice "$voice" -t "$text" -o "$tmp/wide.wav" ;;
      esac
      phone "$tmp/wide.wav" "$dest/$id.wav" ;;
  esac
done <"$phrases"
touch "$stamp"
