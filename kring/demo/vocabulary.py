"""The words the demo community is made of: Dutch names, places, jobs, interests and bio lines.

This is member-written content, not interface text, so none of it goes through gettext. The
lists are written out by hand (no Faker at run time) so that a seeded random.Random picks the
same community on every machine.
"""

from __future__ import annotations

# The organisation whose community the demo shows: a Dutch energy cooperative.
ORGANISATION = "Energiecoöperatie Zonnestroom"
COMMUNITY_NAME = "Kring van Zonnestroom"
TAGLINE = "Leden, klanten en medewerkers van Zonnestroom helpen elkaar aan schone energie."
# A deep sun-orange; with white text it passes WCAG AA (4.5:1) without the theme darkening it.
PRIMARY_COLOUR = "#b8460b"

FIRST_NAMES = [
    "Anouk", "Bram", "Daan", "Emma", "Fleur", "Floor", "Gijs", "Hanna", "Iris", "Jasper",
    "Jeroen", "Joost", "Julia", "Lars", "Lieke", "Lotte", "Luuk", "Maartje", "Marieke", "Milan",
    "Niels", "Noor", "Pieter", "Roos", "Ruben", "Sanne", "Sem", "Sophie", "Stijn", "Thijs",
    "Tess", "Wouter", "Yara", "Zoë", "Mohammed", "Fatima", "Saïd", "Samira", "Koen", "Eline",
    "Annelies", "Henk", "Ingrid", "Kees", "Marloes", "Willem", "Esther", "Hendrik", "Mirjam",
    "Rik", "Femke", "Bas", "Ilse", "Vincent", "Naima", "Youssef", "Priya", "Dewi", "Nadia",
    "Tim", "Gerrit", "Wilma", "Jan-Willem", "Anne-Marie", "Chantal", "Mehmet", "Elif", "Rutger",
]  # fmt: skip

# (tussenvoegsel, surname): "Sanne van der Meer" sorts under M in a Dutch directory.
SURNAMES = [
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"),
    ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"),
    ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"),
    ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"),
    ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"),
    ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"),
    ("de", "Lange"), ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"),
    ("", "Hoekstra"), ("", "Maas"), ("", "Verhoeven"), ("", "Koster"), ("van", "Dam"),
    ("van der", "Wal"), ("", "Prins"), ("", "Blom"), ("", "Huisman"), ("", "El Amrani"),
    ("", "Y\u0131lmaz"), ("", "Bouzid"), ("", "Kaya"), ("in 't", "Veld"), ("ter", "Horst"),
    ("", "Postma"), ("", "Kuipers"), ("van 't", "Hof"), ("", "Sharma"), ("", "Wijaya"),
]  # fmt: skip

# (place, province) — the location a member fills in reads "Zwolle, Overijssel".
PLACES = [
    ("Utrecht", "Utrecht"), ("Amersfoort", "Utrecht"), ("Houten", "Utrecht"),
    ("Zeist", "Utrecht"), ("Zwolle", "Overijssel"), ("Deventer", "Overijssel"),
    ("Enschede", "Overijssel"), ("Groningen", "Groningen"), ("Leeuwarden", "Friesland"),
    ("Drachten", "Friesland"), ("Assen", "Drenthe"), ("Emmen", "Drenthe"),
    ("Haarlem", "Noord-Holland"), ("Alkmaar", "Noord-Holland"), ("Hoorn", "Noord-Holland"),
    ("Amsterdam", "Noord-Holland"), ("Leiden", "Zuid-Holland"), ("Delft", "Zuid-Holland"),
    ("Gouda", "Zuid-Holland"), ("Dordrecht", "Zuid-Holland"), ("Rotterdam", "Zuid-Holland"),
    ("Eindhoven", "Noord-Brabant"), ("Tilburg", "Noord-Brabant"), ("Breda", "Noord-Brabant"),
    ("'s-Hertogenbosch", "Noord-Brabant"), ("Nijmegen", "Gelderland"),
    ("Arnhem", "Gelderland"), ("Apeldoorn", "Gelderland"), ("Wageningen", "Gelderland"),
    ("Harderwijk", "Gelderland"), ("Maastricht", "Limburg"), ("Venlo", "Limburg"),
    ("Middelburg", "Zeeland"), ("Almere", "Flevoland"), ("Lelystad", "Flevoland"),
]  # fmt: skip

# What the cooperative's own people do (they get the Employee badge).
EMPLOYEE_JOBS = [
    "Klantadviseur",
    "Energieadviseur",
    "Installateur zonnepanelen",
    "Teamleider klantenservice",
    "Communicatieadviseur",
    "Projectleider buurtenergie",
    "Data-analist",
    "Productmanager thuisbatterij",
    "Planner installaties",
    "Adviseur warmtepompen",
]

# (job title, organisation) of customers and cooperative members; "" where people leave it out.
CUSTOMER_JOBS = [
    ("Docent natuurkunde", "Christelijk Lyceum Zeist"),
    ("Verpleegkundige", "Isala Zwolle"),
    ("Eigenaar", "Bakkerij De Korenschoof"),
    ("Melkveehouder", "Hoeve Zonneweide"),
    ("Gepensioneerd", ""),
    ("Gepensioneerd elektrotechnicus", ""),
    ("Student werktuigbouwkunde", "Hogeschool Windesheim"),
    ("Zelfstandig installateur", ""),
    ("Beleidsmedewerker duurzaamheid", "Gemeente Deventer"),
    ("Software-ontwikkelaar", "Bitfabriek"),
    ("Huisarts", "Gezondheidscentrum De Linde"),
    ("Voorzitter", "Buurtvereniging Het Zonnehof"),
    ("Penningmeester", "Dorpsraad Oosterwijk"),
    ("Architect", "Studio Groen Bouwen"),
    ("Fietsenmaker", "Rijwielhandel De Spaak"),
    ("Projectmanager", "Woningcorporatie Thuisbaas"),
    ("Boekhouder", ""),
    ("Leerkracht groep 7", "Basisschool De Regenboog"),
    ("Onderzoeker", "Universiteit Twente"),
    ("Kok", "Restaurant De Waag"),
    ("Ouder en thuiswerker", ""),
    ("Vrijwilliger energiecoach", "Energieloket Gelderland"),
]

INTERESTS = [
    "Zonnepanelen",
    "Thuisbatterij",
    "Warmtepomp",
    "Laadpaal",
    "Energie besparen",
    "Isolatie",
    "Dynamisch contract",
    "Duurzaam wonen",
    "Elektrisch rijden",
    "Buurtenergie",
    "Windenergie",
    "Subsidies",
    "Slimme meter",
    "Moestuin",
    "Fietsen",
    "Verenigingsleven",
]

# Bio lines in Markdown; {place}, {year}, {panels}, {interest} and {job} are filled in.
BIO_OPENINGS = [
    "Ik woon in **{place}** en heb sinds {year} {panels} zonnepanelen op het dak.",
    "Samen met mijn gezin woon ik in {place}. Sinds {year} zijn we lid van de coöperatie.",
    "Hoi! Ik ben {job_lower} en woon in {place}.",
    (
        "Al sinds {year} wek ik mijn eigen stroom op, met {panels} panelen op een rijtjeshuis "
        "in {place}."
    ),
    "Nieuw in de Kring. Ik kom uit {place} en ben vooral benieuwd naar *{interest}*.",
]
BIO_MIDDLES = [
    (
        "Waar ik je mee kan helpen:\n\n- de opbrengst van je panelen uitlezen\n"
        "- subsidies voor isolatie aanvragen\n- een eerlijke offerte vergelijken"
    ),
    (
        "Waar ik mee bezig ben:\n\n- een thuisbatterij kiezen\n- minder gas verbruiken\n"
        "- de buurt enthousiast maken voor een gezamenlijk dak"
    ),
    "Vorig jaar hebben we de spouwmuur laten isoleren; dat scheelde meer dan ik had gedacht.",
    "Ik houd een logboek bij van onze opbrengst per maand. Vraag gerust naar de cijfers.",
    "In onze straat organiseer ik elk voorjaar een **zonnedag** voor buren met vragen.",
    "Ik twijfel nog tussen een hybride en een volledig elektrische warmtepomp.",
]
BIO_CLOSINGS = [
    "Vragen? Stuur me gerust een bericht.",
    "Tot ziens in de Kring!",
    "Meer over onze aanpak lees je op [de site van Zonnestroom](https://example.nl/zonnestroom).",
    "",
]
EMPLOYEE_BIO_OPENINGS = [
    "Ik werk bij Zonnestroom als **{job_lower}**, vanuit ons kantoor in {place}.",
    "Als {job_lower} bij Zonnestroom help ik leden dagelijks met hun vragen.",
    "Sinds {year} werk ik bij Zonnestroom; ik ben {job_lower}.",
]
EMPLOYEE_BIO_MIDDLES = [
    (
        "Je kunt bij mij terecht met vragen over:\n\n- je jaarafrekening\n"
        "- terugleveren en salderen\n- je contract en de tarieven"
    ),
    "Ik beantwoord vragen in de Kring meestal op werkdagen tussen 9 en 17 uur.",
    "Mijn tip: kijk eens naar je verbruik per uur in de app. Daar valt vaak veel te winnen.",
]
