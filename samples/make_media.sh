#!/usr/bin/env bash
# Generates the sample feed's media (samples/feed/media/) with Debian's ffmpeg. Committed output;
# rerun only to change it:  bash samples/make_media.sh
#   preview-01..12.mp3  6 s two-tone clips between about -16 and -24 LUFS (pass the volume check)
#   preview-quiet.mp3   about -50 LUFS (too quiet)     preview-silent.mp3  digital silence
#   preview-short.mp3   3 s (too short)                 preview-broken.mp3  not audio at all
#   cover-01..08.jpg    96x96 gradients                  cover-09.jpg        a PNG under a .jpg name (sniffed, served as image/png)
set -euo pipefail
cd "$(dirname "$0")/feed/media"
mp3=(-c:a libmp3lame -b:a 32k -ar 22050 -ac 1)
tone() { ffmpeg -nostdin -loglevel error -y -f lavfi -i "aevalsrc=$2*sin(2*PI*$3*t)+$2*0.6*sin(2*PI*$4*t)*(0.6+0.4*sin(2*PI*2*t)):s=22050" -t "$5" "${mp3[@]}" "$1"; }
freqs=(220 247 262 294 330 349 392 440 494 523 587 659)
for i in $(seq 0 11); do
  f=${freqs[$i]}
  amp=$(awk -v i="$i" 'BEGIN { printf "%.3f", 0.12 + 0.02 * (i % 4) }')
  tone "$(printf 'preview-%02d.mp3' $((i + 1)))" "$amp" "$f" "$((f * 3 / 2))" 6
done
tone preview-quiet.mp3 0.002 440 660 6
tone preview-short.mp3 0.15 440 660 3
ffmpeg -nostdin -loglevel error -y -f lavfi -i "anullsrc=r=22050:cl=mono" -t 6 "${mp3[@]}" preview-silent.mp3
printf 'this is not an mp3 file\n' > preview-broken.mp3
colors=(ff5f6d:ffc371 2193b0:6dd5ed cc2b5e:753a88 ee9ca7:ffdde1 42275a:734b6d bdc3c7:2c3e50 de6262:ffb88c 06beb6:48b1bf)
for i in $(seq 0 7); do
  c0=${colors[$i]%%:*}; c1=${colors[$i]##*:}
  ffmpeg -nostdin -loglevel error -y -f lavfi -i "gradients=s=96x96:c0=0x$c0:c1=0x$c1:n=2:seed=$i" -frames:v 1 -q:v 5 "$(printf 'cover-%02d.jpg' $((i + 1)))"
done
ffmpeg -nostdin -loglevel error -y -f lavfi -i "gradients=s=96x96:c0=0x000000:c1=0xffffff" -frames:v 1 -f image2 -c:v png cover-09.jpg
ls -l
