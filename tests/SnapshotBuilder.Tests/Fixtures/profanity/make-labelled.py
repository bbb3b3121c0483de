#!/usr/bin/env python3
"""Writes labelled.tsv for the profanity filter's precision/recall test and the obscenity comparison
(bench/profanity/obscenity.mjs): label (1 profane, 0 innocent) TAB class TAB language TAB text.

Profane classes: plain words in five languages inside realistic titles; the classic evasions (case, accents,
leetspeak, separators, repeated letters); Unicode look-alikes (Cyrillic/Greek letters inside Latin words,
whole words in Cyrillic look-alikes, fullwidth, mathematical alphabets, circled/squared letters, small
capitals), combining marks, strike-through overlays, invisible characters; masked letters; words that were
missing from our lists; other languages' words on titles in that language.
Innocent classes: places, surnames and words in five languages that contain a listed word; real song titles
and artists that look risky; masks and symbols in real names; real titles in Japanese, Cyrillic, Greek,
Arabic, Korean, Hindi; everyday titles.
Deterministic:  python3 make-labelled.py > labelled.tsv
"""
import random
import unicodedata

rng = random.Random(1770)
rows = []


def add(label, cls, text, lang=""):
    rows.append((label, cls, lang, text))


bad = ["fuck", "shit", "bitch", "cunt", "asshole", "whore", "bastard", "motherfucker", "bullshit", "slut",
       "dick", "pussy", "cock", "wanker", "twat", "nigger", "faggot", "dickhead", "fucking", "bitches",
       "puta", "mierda", "pendejo", "cabron", "gilipollas", "joder", "maricon", "hijoputa",
       "caralho", "porra", "merda", "foda", "buceta", "arrombado", "cacete",
       "putain", "merde", "salope", "connard", "encule", "enfoire", "pouffiasse",
       "scheisse", "arschloch", "wichser", "hurensohn", "fotze", "schlampe", "ficken"]
frames = ["{w}", "{w} you", "Such a {w}", "{w} on the dancefloor", "Mr. {w}", "No more {w} (Remix)", "Hey {w}!",
          "{w}, baby", "Bad {w} Energy", "{w} (feat. Lil Nas)", "Summer {w} 2024", "I said {w}"]
leet = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
accents = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "c": "ç"}


def frame(w):
    return rng.choice(frames).format(w=w)


def leetify(w):
    return "".join(leet.get(c, c) if i % 2 == 0 else c for i, c in enumerate(w))


def accent(w):
    for c in w:
        if c in accents:
            return w.replace(c, accents[c], 1)
    return w


classic = [lambda w: w, lambda w: w.upper(), lambda w: w.capitalize(), accent, leetify, lambda w: ".".join(w),
           lambda w: " ".join(w.upper()), lambda w: "-".join(w), lambda w: w[0] + w[1] * 4 + w[2:],
           lambda w: leetify(w).upper()]
for w in bad:
    add(1, "plain", frame(w))
    for v in rng.sample(classic[1:], 3):
        add(1, "classic-evasion", frame(v(w)))

# Unicode look-alikes.
cyrillic = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "s": "ѕ", "h": "һ", "j": "ј"}
greek = {"a": "α", "o": "ο", "i": "ι", "u": "υ", "v": "ν", "p": "ρ", "k": "κ"}
cyrillic_upper = {"A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О",
                  "P": "Р", "S": "Ѕ", "T": "Т", "X": "Х", "Y": "У"}


def swap_one(w, table):
    spots = [i for i, c in enumerate(w) if c in table]
    if not spots:
        return None
    i = rng.choice(spots)
    return w[:i] + table[w[i]] + w[i + 1:]


def swap_all(w, table):
    return "".join(table.get(c, c) for c in w)


def offset(w, upper_start, lower_start):
    out = []
    for c in w:
        if "a" <= c <= "z":
            out.append(chr(lower_start + ord(c) - 97))
        elif "A" <= c <= "Z":
            out.append(chr(upper_start + ord(c) - 65))
        else:
            out.append(c)
    return "".join(out)


def math_alphabet(w, upper_start, lower_start):
    # The mathematical alphabets have holes filled elsewhere (ℎ, ℬ...); NFKC maps the holes' code points too.
    out = []
    for c in w:
        if "a" <= c <= "z" or "A" <= c <= "Z":
            cp = (lower_start + ord(c) - 97) if c.islower() else (upper_start + ord(c) - 65)
            try:
                unicodedata.name(chr(cp))
                out.append(chr(cp))
            except ValueError:
                out.append(c)
        else:
            out.append(c)
    return "".join(out)


math_styles = {"bold": (0x1D400, 0x1D41A), "italic": (0x1D434, 0x1D44E), "bold-italic": (0x1D468, 0x1D482),
               "script": (0x1D49C, 0x1D4B6), "fraktur": (0x1D504, 0x1D51E), "double-struck": (0x1D538, 0x1D552),
               "sans-bold": (0x1D5D4, 0x1D5EE), "monospace": (0x1D670, 0x1D68A)}
small_caps = {"a": "ᴀ", "b": "ʙ", "c": "ᴄ", "d": "ᴅ", "e": "ᴇ", "h": "ʜ", "i": "ɪ", "k": "ᴋ", "l": "ʟ", "m": "ᴍ",
              "n": "ɴ", "o": "ᴏ", "p": "ᴘ", "r": "ʀ", "s": "ꜱ", "t": "ᴛ", "u": "ᴜ", "w": "ᴡ", "z": "ᴢ"}
lookalike_words = ["fuck", "shit", "bitch", "cunt", "asshole", "whore", "pussy", "cock", "dick", "slut", "puta",
                   "mierda", "caralho", "porra", "merde", "putain", "salope", "scheisse", "arschloch", "bullshit",
                   "motherfucker", "pendejo", "connard", "wichser", "fotze", "faggot", "bastard", "twat"]
for w in lookalike_words:
    if (v := swap_one(w, cyrillic)):
        add(1, "lookalike-cyrillic", frame(v))
        add(1, "lookalike-cyrillic", frame(swap_all(w, cyrillic)))
    if (v := swap_one(w, greek)):
        add(1, "lookalike-greek", frame(v))
    add(1, "fullwidth", frame(offset(w, 0xFF21, 0xFF41)))
    style = rng.choice(sorted(math_styles))
    add(1, "math-" + style, frame(math_alphabet(w, *math_styles[style])))
    add(1, "math-bold", math_alphabet(frame(w), *math_styles["bold"]))
    add(1, "circled", frame(offset(w, 0x24B6, 0x24D0)))
    add(1, "squared", frame(offset(w.upper(), 0x1F170, 0x1F170)))
    add(1, "small-caps", frame("".join(small_caps.get(c, c) for c in w)))
    add(1, "combining-marks", frame("".join(c + rng.choice(["\u0301", "\u0308", "\u0323", "\u0330", "\u0361"]) for c in w)))
    add(1, "zalgo", frame("".join(c + "".join(chr(rng.randrange(0x0300, 0x036F)) for _ in range(6)) for c in w)))
    add(1, "strike-through", frame("".join(c + "\u0336" for c in w)))
    add(1, "slash-overlay", frame("".join(c + "\u0338" for c in w)))
    add(1, "invisible", frame(rng.choice(["\u200b", "\u200d", "\u00ad", "\u2060", "\ufeff"]).join(w)))
    mixed = swap_one(w, cyrillic) or w
    add(1, "mixed-evasion", frame(mixed[0] + "\u200b" + mixed[1:]))
for w in ["SHIT", "COCK", "TITS", "BITCH", "ASS", "PISS"]:
    add(1, "lookalike-cyrillic-caps", frame(swap_all(w, cyrillic_upper)))

# Masked letters: each mask stands for one letter, at least two shown, at most half hidden.
masked = ["F**k", "F*ck", "Sh!t", "Sh*t", "S**t", "B*tch", "B!tch", "B@tch", "B#tch", "Motherf*cker", "Motherf**ker",
          "@ss", "A$$", "@$$hole", "A**hole", "C**t", "C*nt", "Cu*t", "D*ck", "P*ssy", "Pu$$y", "Wh*re", "Sl*t",
          "F_ck", "F-ck", "Sh-t", "Fu#k", "F#ck", "Fu*king", "F**king", "Bullsh*t", "Bullsh!t", "Dickh*ad", "B*stard",
          "P*ta", "M*erda", "Pend*jo", "C*ralho", "Po**a", "Put*in", "M*rde", "Sal*pe", "Sch**sse", "Arschl*ch",
          "W*chser", "F*tze", "Conn*rd", "Bi*ches", "Sh*tty", "F*cked", "Fu**ed", "Tw*t", "W*nker", "N*gger", "F*ggot"]
for m in masked:
    add(1, "mask", frame(m))
    add(1, "mask", m)

# Words that were missing from our lists (Portuguese foder and its forms; LDNOOBW additions).
missing = ["foder", "fode", "fodeu", "fodendo", "fodido", "fodida", "foda-se", "vai-te foder", "vai se foder",
           "filho da puta", "puta que pariu", "vai tomar no cu", "chupapollas", "hija de puta", "hijo de puta",
           "soplapollas", "verga", "culo", "follar", "concha de tu madre",
           "fils de pute", "nique ta mère", "ta gueule connard", "trou du cul", "enculé", "couilles",
           "fick dich", "verfickt", "hackfresse", "kackbratze", "schwanzlutscher", "nutte", "titten",
           "blowjob", "cumshot", "clusterfuck", "jizz", "dildo", "gangbang", "handjob", "rimjob", "tits", "wank",
           "bollocks", "boner", "clit", "creampie", "milf", "porn", "porno", "piece of shit", "🖕"]
for w in missing:
    add(1, "missing-word", frame(w))

# Other languages' lists, on titles in that language.
other = {"it": ["cazzo", "vaffanculo", "stronzo", "puttana", "minchia", "figa"],
         "nl": ["kut", "klootzak", "godverdomme", "lul", "neuken", "hoer"],
         "pl": ["kurwa", "chuj", "pierdolić", "jebać", "pizda", "skurwysyn"],
         "ru": ["блядь", "спиздить", "гандон", "ebalo", "mudack", "блядство"],
         "tr": ["orospu", "siktir", "yarak", "amcık", "göt"],
         "sv": ["fitta", "knulla", "kuk", "jävlar"],
         "fi": ["vittu", "perkele", "paska", "kyrpä"],
         "cs": ["kurva", "kokot", "píča", "zmrd"],
         "hu": ["kurva", "fasz", "picsa", "geci"],
         "no": ["faen", "fitte", "pikk"],
         "da": ["fisse", "luder", "røvhul"]}
for lang, words in other.items():
    for w in words:
        add(1, "other-language", frame(w), lang)
add(1, "lookalike-to-cyrillic", "Ты блядь", "ru")
add(1, "lookalike-to-cyrillic", "гандoн", "ru")  # Latin o inside
add(1, "lookalike-to-cyrillic", "гaндон", "ru")  # Latin a inside

# ---------------------------------------------------------------- innocents
places = [
    "Scunthorpe", "Scunthorpe United Anthem", "Penistone", "Penistone Brass Band", "Essex Girls", "Sussex by the Sea",
    "Middlesex Blues", "Wessex Hymn", "Cockermouth", "Clitheroe Castle", "Lightwater", "Shitterton Lane", "Twatt Orkney",
    "Cumbria Calling", "Cumnock Tryst", "Cockfosters Line", "Matlock Bath", "Sandwich Bay", "Pissouri Beach", "Dorking",
    "Titchfield Festival", "Assynt", "Fakenham Races", "Fukuoka", "Fukuoka Night Drive", "Phuket Sunset", "Condom Gers",
    "Bald Knob Arkansas", "Muff Village", "Middelfart Harbour", "Wankie Game Park", "Titisee Neustadt", "Assen TT",
    "Kuntsevo Park", "Intercourse Pennsylvania", "Cumming Georgia", "Bastia Corsica", "Arsenal Chant", "Hancock Park",
    "Putaendo Chile", "Culiacán de Noche", "Villapene", "Cojímar", "Mierlo", "Pendueles", "Cabrales", "Porriño",
    "Cu Chi Tunnels", "Fodor Guides", "Porrais", "Cacém", "Merdrignac", "Bitche Lorraine", "Conches-en-Ouche", "Montcuq",
    "Poitiers", "Connaux", "Arsy", "Fickmühlen", "Wixhausen", "Kotzen", "Hürth",
    "Titisee", "Fugging Austria", "Bitburg", "Schwanstetten",
    "Cona Veneto", "Pau Pyrénées", "Pinto Madrid", "Twatt", "Bitche", "Shitterton", "Lolita Texas",
]
for p in places:
    add(0, "place", p)
surnames = [
    "Emily Dickinson", "Dickinson Poems", "Charles Dickens", "Alan Cockburn", "Herbie Hancock", "Glasscock County",
    "Babcock Lab", "Alfred Hitchcock", "Cockerill", "Kaffy Shittu", "Sheila Dikshit", "E. E. Cummings",
    "Alan Cumming", "Salman Butt", "John Lee Hooker", "Carrie Coon", "Joe Cocker", "Wankel Engine", "Sachin Wankhede",
    "Julian Assange", "Jorge Porras", "Freida Pinto", "Pau Gasol", "Concha Buika",
    "Fodor Ilona", "Salopek", "Conard", "Fickenscher", "Hans Fuchs", "Rick Santorum", "Ilse Aichinger",
    "Bastardi", "Kunz Partner", "Peacock Theatre", "Clitheroe Choir",
    "Fanny Mendelssohn", "Richard Dickerson", "Semen Padang", "Nicolas Cage",
    "Alex Pettyfer", "Knobloch Trio", "Cocco Rossi", "Mariconda", "Caballero", "Putignano",
    "Puttanesca Recipe", "Hurley", "Wixom", "Fikret", "Tittensor", "Murdoch",
]
for s in surnames:
    add(0, "surname", s)
words = [
    "Classic Rock Forever", "Assassin's Creed Theme", "Cocktail Hour", "Grasshopper", "Shiitake Mushroom Song",
    "Peacock Feathers", "Therapist", "Cumulative Effect", "Document Analysis", "Passion Fruit", "Bass Drop",
    "Mass Appeal", "Glass Animals", "Class of 2024", "Pussycat Meow", "Scrapbook", "Cockpit Dreams", "Shuttlecock",
    "Matsushita Jazz", "Putative Love", "Reputation", "Computer Love", "Fickle Heart", "Pricking Thorns",
    "Cono de Helado", "Con Calma", "Bite the Dust", "Constitution", "Arsène", "Spitting Image", "Shift Happens",
    "Sushi Time", "Hit the Road Jack", "Butterfly Effect", "Harmless Fun", "Skyscraper", "Cucumber Salad",
    "Cucaracha", "Documentary", "Assumption", "Massachusetts", "Cassette Tape", "Embassy", "Bassist", "Lasso",
    "Harass", "Assemble", "Wassup", "Ambassador", "Titanic", "Tittle Tattle", "Hello Kitty", "Shell Shock",
    "Analog Synth", "Pennsylvania 6-5000", "Sextet in B", "Cocker Spaniel", "Buttercup", "Cumbia Mix", "Scum Fighters",
    "Assault on Precinct 13", "Assignment", "Fukushima Requiem", "Puttanesca", "Putting Green", "Connecticut",
    "Salopettes", "Wichita Lineman", "Arschin Mal Alan", "Slutskaya Waltz", "Whorl", "Porridge", "Caralina", "Merdeka",
    "Disputa", "Reputación", "Computadora", "Putamen", "Cabrioleta", "Pendiente", "Mierlo Verde", "Jodhpur",
    "Maricopa", "Culebra", "Vergara", "Conchita", "Connaître", "Cultiver", "Mercredi",
    "Salopette Rose", "Putois", "Encore", "Foderà", "Fofinha",
    "Porta Aberta", "Mercado", "Cachorro",
    "Buçaco", "Pirâmide", "Viadutos",
    "Schwanensee", "Fiktion", "Archiv",
    "Kunstwerk", "Hurra", "Wichtel", "Fotografie", "Schlamm",
    "Titanium", "Analog Kid", "Cumbersome", "Shitake Stir Fry", "Cockatoo Song", "Dickensian Christmas", "Scunthorpe Nights",
    "Sussex Downs", "Wessex Tales", "Essex House", "Sextant Navigation", "Bastille Day", "Twain",
    "Pissarro Paintings", "Spotify Hits", "Mississippi Queen", "Bitter Sweet", "Bitcoin Blues", "Shitsuren (Heartbreak)",
    "Cockney Rhyme", "Prickly Pear", "Snow Patrol", "Knobs and Dials", "Pornic Beach",
]
for w in words:
    add(0, "contains-listed", w)
songs = [
    "Tainted Love", "SexyBack", "Sexy and I Know It", "Sexual Healing", "Let's Talk About Sex", "Girl on Fire",
    "Kinky Boots", "Horny '98", "Suck It and See", "S&M", "The xx - Intro", "XXX.", "Cocktail Chemistry",
    "Hardcore Uproar", "Moby Dick", "Dick Dale Surf Guitar", "Escort", "Voyeur", "Snatch Theme", "Scatman",
    "Cumbia Sobre el Mar", "Mamma Mia", "Mama Do", "Bitter Sweet Symphony", "Pussycat Dolls - Buttons", "Cocaine",
    "Heroin", "Hells Bells", "Damn Right", "Kill Bill", "Titanium", "Analogue", "Hell Yeah", "Bumbum Granada",
    "Con Altura", "Inferno", "Nackt", "Der Nippel", "Un Baiser", "Lolita", "Booty Call", "Nude", "Playboy",
    "Domination", "Erotic City", "Wet Dream", "Swingers", "Octopussy - All Time High", "Idiota", "Maldito Amor",
    "Infierno", "Haciendo el Amor", "Trío Los Panchos", "Regina Spektor", "Spagnola", "Tied Up", "Taste My Love",
    "Shake Your Booty", "Hot Stuff", "Kiss Me", "Like a Virgin", "Fingers Crossed", "Bang Bang", "Cherry Pie",
    "Bad Romance", "Hips Don't Lie", "Black Magic Woman", "Sweet Cherry Wine", "Pour Some Sugar on Me",
    "Bootylicious", "Whole Lotta Love", "Strip That Down", "Drunk in Love", "Cocktails for Two", "Hooked on a Feeling",
    "Better Now", "Cunning Plan", "Fuego", "Despacito",
    "Negro y Azul", "Rio Negro", "Coco Jamboo", "Pedro Navaja", "Chupa Chups", "Concha Piquer",
]
for s in songs:
    add(0, "risky-song", s)
mask_innocents = ["C*t Stevens", "P!nk", "Ke$ha", "A$AP Rocky", "M*A*S*H", "Sk8er Boi", "Fun-Da-Mental", "Jay-Z", "T-Pain",
                  "Ne-Yo", "Wu-Tang Clan", "Lo-Fi Beats", "Hip-Hop Hooray", "Re-Up", "K-Pop Demon Hunters", "Spider-Man",
                  "X-Men Theme", "Will.i.am", "#1 Hit", "#Selfie", "Hello!", "Wow!!!", "$ave Dat Money", "Mo$t Wanted",
                  "Ca$h Flow", "Ch!ld", "Wh!te Noise", "Star*Light", "Sh-Boom", "Co-op", "T-T", "A-Ha", "B*Witched",
                  "Ex-Girlfriend", "Mid-Summer", "D*sco", "Pa$ta", "Ri¢h", "Be*nice",
                  "Shot!", "F***", "_Intro_", "Sh_Boom", "C@t Power", "D@ncing Queen",
                  "L!ght", "B*ss Drop", "@home", "Cl@ss", "G#ost", "Pu$h It", "Fu$ion", "Bl#ss"]
for m in mask_innocents:
    add(0, "mask-innocent", m)
scripts = [("ja", "夜に駆ける"), ("ja", "紅蓮華"), ("ja", "うっせぇわ"), ("ja", "シャイニングスター"), ("ja", "ドライフラワー"),
           ("ja", "ロマンスの神様"), ("ja", "エイリアンズ"), ("ja", "アイドル"), ("ja", "失恋ソング"), ("ja", "ｼｬﾝﾃﾞﾘｱ"),
           ("ru", "Группа крови"), ("ru", "Кукла колдуна"), ("ru", "Пчеловод"), ("ru", "Сосна и ель"), ("ru", "Сок"),
           ("ru", "Рак"), ("ru", "Мама"), ("ru", "Москва"), ("ru", "Сосиска"), ("ru", "ХОР"), ("ru", "СССР"),
           ("ru", "Это Кино"), ("ru", "Любовь"), ("ru", "Вахтёрам"), ("ru", "Ты и я"),
           ("uk", "Щедрик"), ("uk", "Стефанія"), ("bg", "Хоро"), ("sr", "Српска"), ("el", "Σ'αγαπώ"), ("el", "Καλημέρα"),
           ("el", "Αγάπη"), ("el", "ΤΟ ΚΑΙ ΜΕ"), ("el", "Κακό"), ("el", "Όπα"), ("ar", "حبيبي"), ("ar", "يا ليل يا عين"),
           ("ar", "تملي معاك"), ("ar", "٣ دقات"), ("ar", "اه"), ("he", "הבה נגילה"), ("ko", "강남스타일"), ("ko", "다이너마이트"),
           ("hi", "तुम ही हो"), ("hi", "छैयाँ छैयाँ"), ("th", "ขอใจเธอแลกเบอร์โทร"), ("zh", "月亮代表我的心"), ("zh", "小幸运"),
           ("ja", "Ｔｏｋｙｏ Ｄｒｉｆｔ"), ("", "𝐒𝐮𝐦𝐦𝐞𝐫 𝐕𝐢𝐛𝐞𝐬"), ("", "ⓗⓔⓛⓛⓞ"), ("", "Ｃｏｃｋｔａｉｌ Ｈｏｕｒ"),
           ("", "Ѕunѕеt Вlvd"), ("", "Ρapa Roach"), ("ru", "Рок-н-ролл"), ("el", "Ρακί"), ("", "Café Ørsted"),
           ("", "Zoë Straße"), ("", "Ænima"), ("", "Œuvre"), ("", "Ïnfinïty")]
for lang, s in scripts:
    add(0, "non-latin-or-styled", s, lang)
everyday = ["Sunset Drive", "Neon Hearts", "Velvet Dreams", "Golden Waves", "Midnight Lights", "Electric Rain", "Paper Fever",
            "Crystal Echo", "Silent Garden", "Wild Skyline", "Lucky Motel", "Cosmic Signal", "Lazy Parade", "Broken Bloom",
            "Sweet Runaway", "Ocean Satellite", "Summer Diner", "Winter Carousel", "Honey Harbor", "Static Avenue",
            "La Vie en Rose", "Despacito", "Garota de Ipanema", "99 Luftballons", "Take Five", "Numb3rs", "4 Minutes",
            "7 Rings", "2 Become 1", "B4 the Storm", "L8r", "Gr8 Day", "Noche de Paz", "Águas de Março", "Ça plane pour moi",
            "Über den Wolken", "Mañana", "Corazón Espinado", "Señorita", "Je ne regrette rien", "Café del Mar",
            "Straße der Sehnsucht", "Süße Träume", "Façade", "Naïve Melody", "Déjà Vu", "Piñata", "Ölbaum", "Bésame Mucho",
            "Canção do Mar", "Saudade", "Fado Menor", "Chanson d'Amour", "Frühling", "Mädchen", "Grüße aus Köln",
            "Ha Ha Ha", "A B C", "I Like It", "U Got It Bad", "R U Mine", "S.O.S.", "F.E.A.R.", "A.M.", "P.S. I Love You",
            "D.N.A.", "M.I.A.", "L.A. Woman", "U.S.A.", "T.N.T.", "B.I.G.", "F.U.N.", "C.R.E.A.M.", "S-O-S", "Y-M-C-A",
            "Ffffound", "Shhh", "Cu Later", "Cu tine", "Con te partirò", "Mi Gente", "Vai Malandra", "Tá Tranquilo",
            "Bonde do Tigrão", "Ai Se Eu Te Pego", "Balada Boa", "Dança Kuduro", "Alors on danse", "Papaoutai",
            "Dernière danse", "Tous les mêmes", "Atemlos durch die Nacht", "Major Tom", "Ein Kompliment", "Tage wie diese",
            "Bella Ciao", "Volare", "Gasolina", "Bailando", "La Bamba", "Macarena", "Asereje", "Vivir Mi Vida"]
for e in everyday:
    add(0, "everyday", e)

# Hostile input, innocent: long, RTL, controls, every category mixed.
add(0, "hostile", "Sunset " * 1400)
add(0, "hostile", "\u202eevol ruoy ma I\u202c")
add(0, "hostile", "שלום עולם مرحبا بالعالم")
add(0, "hostile", "a" + "\u0301" * 500)
add(1, "hostile", "Summer " * 1200 + "fuck")
add(1, "hostile", "\u202ekcuf\u202c fuck")

seen = set()
for label, cls, lang, text in rows:
    key = (text, lang)
    if key in seen or "\t" in text or "\n" in text:
        continue
    seen.add(key)
    print(f"{label}\t{cls}\t{lang}\t{text}")
