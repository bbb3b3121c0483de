#!/usr/bin/env python3
"""Writes labelled.tsv: label (1 profane, 0 clean) TAB text, for the profanity filter's precision/recall test.

Positives: listed words in five languages inside realistic titles, each through the evasions the filter
must catch (case, accents, leetspeak, separators, repeated letters). Negatives: real-looking titles and
artist names, including the words that contain a listed one (Scunthorpe, Essex, classic, cocktail, ...).
Deterministic:  python3 make-labelled.py > labelled.tsv
"""
import random

rng = random.Random(1770)
bad = ["fuck", "shit", "bitch", "cunt", "asshole", "whore", "bastard", "motherfucker", "bullshit", "slut",
       "puta", "mierda", "pendejo", "cabron", "caralho", "porra", "merda", "putain", "merde", "salope",
       "connard", "scheisse", "arschloch", "wichser", "hurensohn"]
leet = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
accents = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "c": "ç"}
frames = ["{w}", "{w} you", "Such a {w}", "{w} on the dancefloor", "Mr. {w}", "No more {w} (Remix)", "Hey {w}!", "{w}, baby"]

def leetify(w):
    return "".join(leet.get(c, c) if i % 2 == 0 else c for i, c in enumerate(w))

def accent(w):
    out, done = [], False
    for c in w:
        if not done and c in accents:
            out.append(accents[c]); done = True
        else:
            out.append(c)
    return "".join(out)

variants = [
    lambda w: w,
    lambda w: w.upper(),
    lambda w: w.capitalize(),
    accent,
    leetify,
    lambda w: ".".join(w),
    lambda w: " ".join(w.upper()),
    lambda w: "-".join(w),
    lambda w: w[0] + w[1] * 4 + w[2:],
    lambda w: leetify(w).upper(),
]
positives = set()
for w in bad:
    for v in rng.sample(variants, 7):
        positives.add(rng.choice(frames).format(w=v(w)))

negatives = [
    "Scunthorpe United Anthem", "Essex Girls", "Sussex by the Sea", "Middlesex Blues", "Classic Rock Forever", "Assassin's Creed Theme",
    "Cocktail Hour", "Dickens Christmas", "Hancock Park", "Penistone Brass Band", "Grasshopper", "Shiitake Mushroom Song",
    "Peacock Feathers", "Hitchcock Suspense", "Title Track", "Therapist", "Cumulative Effect", "Document Analysis", "Arsenal Chant",
    "Passion Fruit", "Bass Drop", "Mass Appeal", "Glass Animals", "Class of 2024", "Pussycat Meow", "Scrapbook", "Cockpit Dreams",
    "Shuttlecock", "Matsushita Jazz", "Putative Love", "Reputation", "Computer Love", "Fickle Heart", "Pricking Thorns", "Twain Country",
    "Cono de Helado", "Con Calma", "Bite the Dust", "Constitution", "Arsène", "Spitting Image", "Shift Happens", "Sushi Time",
    "Hit the Road Jack", "Butterfly Effect", "Harmless Fun", "Button Up", "Skyscraper", "Cucumber Salad", "Cucaracha", "Documentary",
    "Assumption", "Massachusetts", "Cassette Tape", "Embassy", "Bassist", "Lasso", "Harass", "Assemble", "Wassup", "Ambassador",
    "Sunset Drive", "Neon Hearts", "Velvet Dreams", "Golden Waves", "Midnight Lights", "Electric Rain", "Paper Fever", "Crystal Echo",
    "Silent Garden", "Wild Skyline", "Lucky Motel", "Cosmic Signal", "Lazy Parade", "Broken Bloom", "Sweet Runaway", "Ocean Satellite",
    "Summer Diner", "Winter Carousel", "Honey Harbor", "Static Avenue", "La Vie en Rose", "Despacito", "Garota de Ipanema",
    "99 Luftballons", "Take Five", "Numb3rs", "4 Minutes", "7 Rings", "2 Become 1", "Sk8er Boi", "B4 the Storm", "L8r", "Gr8 Day",
    "Noche de Paz", "Águas de Março", "Ça plane pour moi", "Über den Wolken", "Mañana", "Corazón Espinado", "Señorita",
    "Je ne regrette rien", "Café del Mar", "Straße der Sehnsucht", "Süße Träume", "Façade", "Naïve Melody", "Déjà Vu", "Piñata",
    "Ölbaum", "Bésame Mucho", "Canção do Mar", "Saudade", "Fado Menor", "Chanson d'Amour", "Frühling", "Mädchen", "Grüße aus Köln",
    "Dick Dale Surf Guitar", "Spotify Hits", "Mississippi Queen", "Pissarro Paintings", "Analog Synth", "Anal-ytical Mind",
    "Hell Yeah", "Damn Right", "Sexy Back", "Kiss Me", "Kisses", "Bitter Sweet", "Bitcoin Blues", "Shitsuren (Heartbreak)",
    "Cockney Rhyme", "Dickinson Poems", "Cumbia Mix", "Scum Fighters", "Assault Rifle Range", "Assignment", "Shell Shock",
    "Fukushima Requiem", "Puttanesca", "Putting Green", "Connecticut", "Salopettes", "Fickenscher", "Wichita Lineman", "Arschin Mal Alan", "Slutskaya Waltz", "Whorl", "Porridge",
    "Caralina", "Merdeka", "Titanic", "Tittle Tattle",
    "Ha Ha Ha", "A B C", "I Like It", "U Got It Bad", "R U Mine", "S.O.S.", "F.E.A.R.", "A.M.", "P.S. I Love You", "D.N.A.",
    "M.I.A.", "L.A. Woman", "U.S.A.", "T.N.T.", "B.I.G.", "F.U.N.", "C.R.E.A.M.", "S-O-S", "Y-M-C-A", "Ffffound", "Shhh",
]
rows = [(1, p) for p in sorted(positives)] + [(0, n) for n in negatives]
for label, text in rows:
    print(f"{label}\t{text}")
