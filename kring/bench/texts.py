"""What the seeded members write: Markdown bodies, rendered once per seed and reused.

Member-written content, not interface text, so none of it goes through gettext. A few dozen
bodies of realistic length (a short status, a question with a list, a longer story) give the
pages the size they have in a real community without rendering a million texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from kring.core.markup import render_markdown

GROUP_THEMES = [
    "Zonnepanelen", "Thuisbatterij", "Warmtepomp", "Laadpaal", "Energie besparen", "Isolatie",
    "Dynamisch contract", "Duurzaam wonen", "Elektrisch rijden", "Buurtenergie", "Windenergie",
    "Subsidies", "Slimme meter", "Moestuin", "Fietsen", "Verenigingsleven", "Klantenservice",
    "Nieuwe leden", "Storingen", "Vrijwilligers",
]  # fmt: skip

POST_BODIES = [
    "Vandaag **31 kWh** opgewekt met twaalf panelen. Record voor april!",
    (
        "Weet iemand of je een thuisbatterij zelf mag aansluiten, of moet daar een erkend "
        "installateur bij komen?"
    ),
    (
        "Onze warmtepomp draait nu een jaar. Kort verslag:\n\n- gasverbruik van 1.400 naar 0 m³\n"
        "- stroomverbruik 3.100 kWh erbij\n- in de winter een paar koude ochtenden\n\n"
        "Al met al tevreden, maar zet de stooklijn niet te laag."
    ),
    (
        "Wie gaat er zaterdag mee naar de open dag van het windpark? We rijden samen vanaf het "
        "station, er zijn nog drie plekken in de auto."
    ),
    (
        "Tip voor wie een dynamisch contract heeft: zet de vaatwasser op de goedkoopste uren. "
        "Bij ons scheelt dat zo'n *twaalf euro* per maand."
    ),
    (
        "Vraag aan de kenners: mijn omvormer geeft sinds gisteren **foutcode 32**. "
        "Is dat de netspanning, of moet ik de installateur bellen?"
    ),
    (
        "Mooi artikel over salderen na 2027: [lees het hier](https://example.nl/salderen). "
        "Ben benieuwd hoe jullie het zien."
    ),
    (
        "Eindelijk de spouwmuur laten isoleren. Het huis is merkbaar warmer en de thermostaat "
        "staat een graad lager."
    ),
    (
        "We zoeken nog vrijwilligers voor de **energiecafés** in het najaar. Eén avond per maand, "
        "koffie en koek van de coöperatie."
    ),
    (
        "Heeft iemand ervaring met een laadpaal die op zonne-overschot laadt? Welk merk, en werkt "
        "het met de app van Zonnestroom?"
    ),
    "Ons buurtdak is af! 120 panelen op de gymzaal, van 38 huishoudens samen.",
    "Korte vraag: hoe lees ik mijn slimme meter uit zonder de app?",
    (
        "Wat een verschil, die nieuwe omvormer. De opbrengst bij bewolkt weer is bijna "
        "verdubbeld.\n\n> Soms is het niet het paneel maar het kastje."
    ),
    (
        "De moestuin doet het dit jaar geweldig: de regenton en de pomp op zonne-energie maken "
        "het water geven een stuk makkelijker."
    ),
    (
        "Iemand een goede installateur in de buurt van Zwolle? Liefst iemand die ook naar "
        "de meterkast kijkt."
    ),
    (
        "Vanavond de jaarvergadering: agenda en stukken staan bij *Verenigingsleven*. "
        "Stemmen kan ook online."
    ),
    (
        "Na drie maanden elektrisch rijden: 16 kWh per 100 km in de zomer, 21 in de winter. "
        "Laden doe ik 80% thuis."
    ),
    (
        "Is het slim om nu nog panelen te leggen, met het einde van de salderingsregeling in zicht?"
        "\n\n1. terugverdientijd?\n2. batterij erbij?\n3. of eerst isoleren?"
    ),
    (
        "Storing opgelost na een telefoontje met de klantenservice. Dank aan Jeroen voor het "
        "meedenken!"
    ),
    (
        "Onze school doet mee aan de energiebespaarweek. De kinderen meten een week lang het "
        "verbruik van de klas."
    ),
    (
        "Zomaar een foto-moment: de zon die ondergaat achter het windpark. Wat wonen we hier "
        "toch mooi."
    ),
    (
        "Wie heeft er ervaring met een hybride warmtepomp in een jaren-dertigwoning? "
        "Ik lees veel tegenstrijdige verhalen."
    ),
    (
        "Let op: er gaan nepmails rond uit naam van de coöperatie. **Klik niet** op de link "
        "en meld het bij de klantenservice."
    ),
    (
        "De nieuwe tarieven staan online. Voor de meeste leden verandert er weinig; met een "
        "dynamisch contract merk je het pas in de winter."
    ),
]

COMMENT_BODIES = [
    "Goede vraag, dat wil ik ook weten.",
    "Bij ons precies hetzelfde gehad. Het was de aardlekschakelaar.",
    "Dank je, heel nuttig!",
    "Mooi resultaat! Hoeveel panelen heb je?",
    "Ik zou eerst isoleren, dan pas de warmtepomp.",
    "Klopt, dat staat ook in de handleiding op pagina 12.",
    "Ik rijd zaterdag mee als er nog plek is.",
    "Wij hebben dezelfde omvormer, geen problemen tot nu toe.",
    "Bel gerust de klantenservice, die weten dit soort dingen meestal meteen.",
    "Interessant. Heb je ook cijfers van de winter?",
    "Dat scheelt flink, zeg.",
    "Ik twijfel nog. Volgend jaar misschien.",
    "Zie ook de groep **Thuisbatterij**, daar is dit vorige maand uitgebreid besproken.",
    "Helemaal mee eens.",
    "Wat fijn om te lezen!",
    "Hier een tip: zet de stooklijn in stapjes lager, niet in één keer.",
    "Top geregeld, dank aan iedereen die heeft geholpen.",
    "Bij ons duurde de aansluiting zes weken. Geduld dus.",
    "Kun je een foto van de meterkast delen?",
    "Ik kom ook naar de jaarvergadering.",
    "Heel herkenbaar. Wij hebben het opgelost met een tijdschakelaar.",
    "Is daar subsidie voor? Ik kon het niet vinden.",
    "Ja, via het energieloket van de gemeente.",
    "Succes ermee, laat je weten hoe het afloopt?",
]

BIOS = [
    "Ik woon in **Zwolle** en heb sinds 2021 twaalf panelen op het dak.",
    "Samen met mijn gezin wonen we in een rijtjeshuis. Sinds 2019 lid van de coöperatie.",
    (
        "Waar ik je mee kan helpen:\n\n- de opbrengst van je panelen uitlezen\n"
        "- subsidies voor isolatie aanvragen\n- een eerlijke offerte vergelijken"
    ),
    "Ik houd een logboek bij van onze opbrengst per maand. Vraag gerust naar de cijfers.",
    "Nieuw in de Kring, vooral benieuwd naar *warmtepompen*.",
    "In onze straat organiseer ik elk voorjaar een **zonnedag** voor buren met vragen.",
]


@dataclass(frozen=True)
class Body:
    text: str
    html: str


def rendered(texts: list[str]) -> list[Body]:
    """Each text with its sanitised HTML, rendered once (what services do at write time)."""
    return [Body(text, render_markdown(text)) for text in texts]
