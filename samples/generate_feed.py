#!/usr/bin/env python3
"""Generates samples/feed/trending.json: a made-up trending feed for first runs and tests.

Deterministic (fixed seed), so the committed file is reproducible:
    python3 samples/generate_feed.py > samples/feed/trending.json
240 valid tracks, then 12 duplicates (same musicId, or same title+author spelled differently) and
14 invalid items (one per kind of defect the builder must drop), shuffled in.
Media paths are relative to the feed file (SPEC §4) and point into a small pool made by make_media.sh;
five valid tracks get previews the volume/media checks must drop (quiet, silent, short, broken), and
three have profane text the filter must catch.
"""
import json
import random

rng = random.Random(20261124)
ADJ = ["Sunset", "Neon", "Velvet", "Golden", "Midnight", "Electric", "Paper", "Crystal", "Silent", "Wild",
       "Lucky", "Cosmic", "Lazy", "Broken", "Sweet", "Ocean", "Summer", "Winter", "Honey", "Static"]
NOUN = ["Drive", "Hearts", "Dreams", "Waves", "Lights", "Rain", "Fever", "Echo", "Garden", "Skyline",
        "Motel", "Signal", "Parade", "Bloom", "Runaway", "Satellite", "Diner", "Carousel", "Harbor", "Avenue"]
ARTISTS = ["Mae & Co", "The Lanterns", "DJ Koala", "Lúa Moreno", "Beatriz Sol", "Kid Comet", "Les Pâquerettes",
           "Nord Licht", "Sunny Ortega", "Piano Ghost", "Tape Loop Club", "Ana Clara", "Yuki Sato", "Olu Ade",
           "Zoé Blanc", "The Basement Cats", "Marta Vega", "Jonas Weiß", "Lo-Fi Lina", "Brass Monkeys"]
ALBUMS = ["Singles", "", "Night Shift", "Demos", "Live at Home", "Soundtrack", "", "Volume II"]
LANGS = ["en", "en", "en", "es", "pt", "fr", "de", "EN ", "pt-BR", "", "ja", "xx"]


def item(i):
    music_id = str(7234567890123456789 + i * 7919)
    title = f"{rng.choice(ADJ)} {rng.choice(NOUN)}" + ("" if i % 5 else f" {i}")
    artist = rng.choice(ARTISTS)
    slug = title.replace(" ", "-")
    return {
        "musicId": music_id,
        "title": title,
        "author": artist,
        "album": rng.choice(ALBUMS),
        "duration": rng.choice([15, 20, 28, 30, 45, 59.6, 60]),
        "playUrl": f"media/preview-{i % 12 + 1:02d}.mp3",
        "coverUrl": f"media/cover-{i % 9 + 1:02d}.jpg",
        "language": rng.choice(LANGS),
        "userCount": rng.randint(1_000, 2_000_000),
        "isCommerceMusic": rng.random() < 0.6,
        "link": f"https://www.tiktok.com/music/{slug}-{music_id}",
    }


valid = []
seen_songs = set()
i = 0
while len(valid) < 240:
    candidate = item(i)
    i += 1
    song = (candidate["title"].upper(), candidate["author"].upper())
    if song in seen_songs:
        continue
    seen_songs.add(song)
    valid.append(candidate)

for index, bad in zip([10, 50, 90, 130, 170], ["quiet", "silent", "short", "broken", "quiet"]):
    valid[index]["playUrl"] = f"media/preview-{bad}.mp3"

# Three valid items the profanity filter must drop, through an evasion each.
valid[20]["title"] = "Sh1t Happens"
valid[60]["author"] = "DJ F.U.C.K"
valid[100]["album"] = "Puta Vida"

duplicates = []
for k in range(6):  # the same musicId again, less popular: dropped
    dup = dict(valid[k * 7])
    dup["userCount"] = dup["userCount"] // 2
    duplicates.append(dup)
for k in range(6):  # the same song under another musicId, spelled with extra spaces and other case
    dup = dict(valid[k * 11 + 3])
    dup["musicId"] = str(int(dup["musicId"]) + 1)
    dup["title"] = "  " + dup["title"].lower().replace(" ", "   ") + " "
    dup["userCount"] = dup["userCount"] - 1
    duplicates.append(dup)

base = item(10_000)
invalid = [
    {k: v for k, v in base.items() if k != "title"},                      # missing title
    {k: v for k, v in base.items() if k != "musicId"},                    # missing musicId
    {**base, "musicId": "8000000000000000001", "userCount": -5},          # negative count
    {**base, "musicId": "8000000000000000002", "duration": 0},            # non-positive duration
    {**base, "musicId": "8000000000000000003", "duration": -12},          # non-positive duration
    {**base, "musicId": "8000000000000000004", "duration": "28"},         # bad type
    {**base, "musicId": "8000000000000000005", "userCount": "many"},      # bad type
    {**base, "musicId": "8000000000000000006", "playUrl": "ftp://x/y.mp3"},   # bad URL
    {**base, "musicId": "8000000000000000007", "link": "not a url"},      # bad URL
    {**base, "musicId": "8000000000000000008", "title": "   "},           # empty after trimming
    {**base, "musicId": "8000000000000000009", "isCommerceMusic": "yes"}, # bad type
    {**base, "musicId": 8000000000000000010},                             # musicId not a string
    "just a string",                                                      # not an object
    None,                                                                 # null item
]

feed = valid + duplicates + invalid
rng.shuffle(feed)
print(json.dumps(feed, ensure_ascii=False, indent=1))
