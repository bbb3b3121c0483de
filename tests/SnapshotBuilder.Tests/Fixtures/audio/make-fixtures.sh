#!/usr/bin/env bash
# Makes the MP3 fixtures of the loudness tests, and records what ffmpeg's ebur128 filter (the oracle)
# reads for each, in expected.tsv: name, integrated LUFS, sample peak dBFS. Needs Debian's ffmpeg.
# Committed output; rerun only to change the fixtures:  bash make-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")"
enc=(-c:a libmp3lame -b:a 96k -ar 44100)
gen() { ffmpeg -nostdin -loglevel error -y -f lavfi -i "$2" -t "$3" "${enc[@]}" -ac "$4" "$1.mp3"; }
gen sine-1k-m10db "sine=frequency=1000:sample_rate=44100,volume=-10dB" 8 1
gen sine-1k-m20db "sine=frequency=1000:sample_rate=44100,volume=-20dB" 8 1
gen sine-1k-m40db "sine=frequency=1000:sample_rate=44100,volume=-40dB" 8 1
gen sine-100hz-m12db "sine=frequency=100:sample_rate=44100,volume=-12dB" 8 1
gen pink-stereo "anoisesrc=color=pink:amplitude=0.25:seed=7:sample_rate=44100" 8 2
gen pink-stereo-quiet "anoisesrc=color=pink:amplitude=0.004:seed=7:sample_rate=44100" 8 2
gen tones-48k "sine=frequency=440:sample_rate=48000,volume=-6dB" 8 2
gen loud-square "aevalsrc=0.98*sgn(sin(2*PI*220*t)):s=44100" 8 1
gen silence "anullsrc=r=44100:cl=mono" 8 1
gen short-sine "sine=frequency=1000:sample_rate=44100,volume=-10dB" 3 1
# ffmpeg resamples 48 kHz sources to -ar 44100 above; keep one true 48 kHz file:
ffmpeg -nostdin -loglevel error -y -f lavfi -i "sine=frequency=2000:sample_rate=48000,volume=-18dB" -t 8 -c:a libmp3lame -b:a 96k -ar 48000 -ac 1 sine-2k-48k.mp3

: > expected.tsv
for f in *.mp3; do
  out=$(ffmpeg -nostdin -nostats -i "$f" -af ebur128=peak=sample -f null - 2>&1)
  lufs=$(echo "$out" | awk '/Integrated loudness:/ {f=1} f && /I:/ {print $2; exit}')
  peak=$(echo "$out" | awk '/Sample peak:/ {f=1} f && /Peak:/ {print $2; exit}')
  printf '%s\t%s\t%s\n' "${f%.mp3}" "$lufs" "$peak" >> expected.tsv
done
cat expected.tsv
