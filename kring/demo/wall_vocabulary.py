"""What the demo's members write on the wall: Dutch posts, comments and replies, by topic.

Member-written content, not interface text, so nothing here goes through gettext. Templates
are Markdown with {slots} that `kring.demo.wall_plan` fills in from a seeded generator ({place},
{kwh}, {amount} …, see `wall_plan.words_for`) and combines with openers and closers, so six
hundred posts read as written by different people. A question comes with the answer that fits
it. Links only ever point at the demo's own pages.
"""

from __future__ import annotations

from dataclasses import dataclass

# (question, the answer that fits it)
Ask = tuple[str, str]


@dataclass(frozen=True)
class Topic:
    """What is written about one group's subject (or in the community space, on profiles)."""

    asks: tuple[Ask, ...] = ()  # in service groups an employee answers, elsewhere a member
    stories: tuple[str, ...] = ()  # members' experiences and tips
    notices: tuple[str, ...] = ()  # the organisation's own posts (by employees)
    photos: tuple[str, ...] = ()  # captions of a post with a picture (drawn after them)
    on_question: tuple[str, ...] = ()  # other members under a question
    on_story: tuple[str, ...] = ()  # other members under a story, notice or photo


OPENERS_QUESTION = (
    "", "", "", "Hoi allemaal,", "Vraagje:", "Goedemorgen!", "Wie kan me helpen?",
    "Misschien een domme vraag, maar:", "Beste mensen,", "Hallo Kring,",
)  # fmt: skip
CLOSERS_QUESTION = (
    "", "", "Alvast bedankt!", "Wie herkent dit?", "Tips zijn welkom.",
    "Groet uit {place}.", "Dank voor het meedenken!", "Ik hoor graag jullie ervaringen.",
)  # fmt: skip
OPENERS_STORY = ("", "", "", "", "Even delen:", "Hoi allemaal,")
CLOSERS_STORY = (
    "", "", "", "Groet uit {place}!", "Wie doet hetzelfde?", "Misschien heeft iemand er wat aan.",
    "Ik ben benieuwd hoe het bij jullie gaat.",
)  # fmt: skip

# One sentence with a link to the demo's own pages, added to some posts.
LINK_SENTENCES = (
    "Meer ervaringen lees je in {group_link}.",
    "Kijk ook eens in {group_link}, daar gaat het hier vaak over.",
    "Eerder schreef iemand hier al over: {post_link}.",
    "Zie ook dit bericht: {post_link}.",
    "Wie mee wil denken: in {group_link} zijn we er ook mee bezig.",
    "Handig: via [het groepenoverzicht](/groepen/) vind je alle groepen over dit onderwerp.",
    "In [de ledenlijst](/leden/) kun je zoeken op interesse, zo vond ik mensen uit de buurt.",
)

# Under any question, and under any story, when the topic has too few of its own.
ON_QUESTION = (
    "Goede vraag, ik ben ook benieuwd.",
    "Ik volg deze even, wij zitten met hetzelfde.",
    "Herkenbaar! Bij ons speelde dit vorig jaar ook.",
    "Ik weet het niet zeker, maar volgens mij staat er iets over in de app.",
    "Laat je weten hoe het afloopt?",
)
ON_STORY = (
    "Mooi om te lezen!",
    "Dank voor het delen.",
    "Goed bezig!",
    "Wat leuk, dank je.",
    "Dit ga ik ook proberen.",
    "Herkenbaar!",
)

TOPICS: dict[str, Topic] = {
    "klantenservice": Topic(
        asks=(
            (
                (
                    "Mijn voorschot is per {month} verhoogd naar **€ {amount}** per maand, "
                    "terwijl ik minder verbruik dan vorig jaar. Hoe wordt dat bedrag berekend?"
                ),
                (
                    "Dank voor je vraag! Het voorschot rekenen we uit met je verwachte "
                    "jaarverbruik en de tarieven van dit moment; die zijn per {month} gestegen. "
                    "Je kunt het zelf aanpassen in de app onder *Contract → Termijnbedrag*. "
                    "Wij adviseren een marge van ongeveer tien procent."
                ),
            ),
            (
                (
                    "Ik heb mijn jaarafrekening ontvangen, maar de terugleververgoeding lijkt "
                    "te laag. We hebben {kwh} kWh teruggeleverd. Klopt dat ik per kWh minder "
                    "krijg dan ik betaal?"
                ),
                (
                    "Dat klopt: wat je tegelijk opwekt en verbruikt, salderen we tegen het "
                    "volle tarief, maar voor wat je daarboven teruglevert krijg je de "
                    "terugleververgoeding. Op de tweede pagina van de jaarafrekening staat de "
                    "verdeling."
                ),
            ),
            (
                (
                    "Sinds de laatste update kan ik niet meer inloggen in de app. Ik krijg "
                    "steeds *'sessie verlopen'*. Opnieuw installeren helpt niet."
                ),
                (
                    "Vervelend! Dit is een bekend probleem sinds versie {version}. Log uit op "
                    "de website, wis de app-gegevens en log opnieuw in; de oplossing zit in de "
                    "volgende update."
                ),
            ),
            (
                (
                    "We gaan in {month} verhuizen naar {place}. Hoe zet ik mijn contract over "
                    "naar het nieuwe adres?"
                ),
                (
                    "Een verhuizing geef je door via *Mijn gegevens → Verhuizen*, het liefst "
                    "vier weken van tevoren. Je contract en je tarief verhuizen gewoon mee. "
                    "Vergeet niet op de verhuisdag de meterstanden door te geven."
                ),
            ),
            (
                (
                    "In de app zie ik sinds {days} dagen geen verbruik meer per uur. De slimme "
                    "meter lijkt wel te werken. Weet iemand hoe dat komt?"
                ),
                (
                    "Ik heb even meegekeken: je meter stuurde een paar dagen geen gegevens, "
                    "sinds vanochtend weer wel. Het verbruik per uur van de afgelopen dagen "
                    "wordt vannacht aangevuld."
                ),
            ),
            (
                (
                    "Ik krijg een factuur van € {amount2} voor 'terugleverkosten'. Wat houdt "
                    "dat in en kan ik daar iets aan doen?"
                ),
                (
                    "Terugleverkosten rekenen we omdat het ons geld kost als veel zonnestroom "
                    "tegelijk het net op gaat. Hoe meer je zelf verbruikt op het moment dat je "
                    "opwekt, hoe lager ze zijn: de wasmachine overdag aanzetten helpt al."
                ),
            ),
            (
                (
                    "Kan ik mijn termijnbedrag zelf aanpassen? Ik wil liever iets meer betalen "
                    "en geen verrassing aan het eind van het jaar."
                ),
                (
                    "Ja, dat kan in de app onder *Contract → Termijnbedrag*. Je kunt het tot "
                    "dertig procent verhogen; de wijziging gaat in bij de volgende termijn."
                ),
            ),
            (
                (
                    "Mijn meterstanden in de app wijken af van wat de meter in de meterkast "
                    "zegt. Welke is leidend?"
                ),
                (
                    "De stand op de meter zelf is altijd leidend. Stuur ons gerust een foto "
                    "van de meter via het contactformulier, dan corrigeren we het."
                ),
            ),
            (
                (
                    "Ik wil overstappen naar een dynamisch contract. Wat gebeurt er met mijn "
                    "vaste tarief tot {month}?"
                ),
                (
                    "Je vaste tarief loopt door tot de einddatum van je contract; daarna ga je "
                    "zonder kosten over op het dynamische tarief. Eerder overstappen kan ook, "
                    "maar dan betaal je een opzegvergoeding."
                ),
            ),
        ),
        stories=(
            (
                "Compliment voor de klantenservice: binnen {days} dagen was mijn verhuizing "
                "geregeld, zonder gedoe."
            ),
            (
                "Tip voor wie ook een hoge eindafrekening vreest: kijk halverwege het jaar "
                "even naar *Verbruik → Prognose* in de app. Bij ons scheelde dat € {amount2}."
            ),
            (
                "Na mijn vraag van vorige week is alles opgelost: de meter was verkeerd "
                "gekoppeld. Dank aan de collega's van Zonnestroom!"
            ),
        ),
        notices=(
            (
                "**Onderhoud:** de app en Mijn Zonnestroom zijn zondag tussen 7:00 en 9:00 "
                "niet bereikbaar. Meterstanden gaan niet verloren."
            ),
            (
                "De jaarafrekeningen van {month} zijn verstuurd. Vragen erover? Stel ze hier, "
                "we beantwoorden ze op werkdagen binnen een dag."
            ),
            (
                "Veel vragen over de terugleverkosten: we hebben de uitleg op de website "
                "vernieuwd, met een rekenvoorbeeld."
            ),
        ),
        on_question=(
            "Hier precies hetzelfde sinds gisteren.",
            "Goede vraag, dit wil ik ook weten.",
            "Bij ons was het vorig jaar ook zo, uiteindelijk kregen we geld terug.",
            "Ik heb hetzelfde gevraagd via het formulier, binnen een dag antwoord gehad.",
        ),
        on_story=("Goed om te weten, dank voor het delen.", "Fijn dat het geregeld is!"),
    ),
    "ideeen": Topic(
        asks=(
            (
                (
                    "**Idee:** een melding in de app als de stroomprijs negatief wordt, zodat "
                    "ik dan de wasmachine aanzet. Wie stemt mee?"
                ),
                (
                    "Dank voor het idee! Het zit al in de bèta van versie {version}. Wie mee "
                    "wil testen: vraag toegang tot de groep Bèta-testers."
                ),
            ),
            (
                "**Idee:** een donkere modus voor de app. 's Avonds is het scherm echt fel.",
                (
                    "Goed idee, het staat op de lijst voor het volgende kwartaal. Hoe meer "
                    "reacties, hoe hoger het op de lijst komt."
                ),
            ),
            (
                (
                    "Zou het kunnen dat we ons verbruik per uur als CSV exporteren? Ik houd een "
                    "eigen spreadsheet bij."
                ),
                (
                    "De export naar CSV komt in versie {version}. Per uur, per dag of per maand, "
                    "voor de afgelopen twee jaar."
                ),
            ),
            (
                "**Idee:** een widget op het beginscherm met de opbrengst van vandaag.",
                (
                    "Leuk idee! We onderzoeken het samen met de ontwikkelaars en houden jullie "
                    "hier op de hoogte."
                ),
            ),
            (
                (
                    "Wat vinden jullie van een *buurtvergelijking*: anoniem zien hoe je "
                    "verbruik zich verhoudt tot vergelijkbare huizen in {place}?"
                ),
                (
                    "Interessant, daar zijn we ook over aan het nadenken. Privacy is daarbij "
                    "het belangrijkste: we vergelijken alleen groepen van minstens vijftig "
                    "huizen."
                ),
            ),
            (
                (
                    "**Idee:** een gezamenlijke inkoopactie voor isolatiemateriaal, zoals "
                    "eerder voor zonnepanelen."
                ),
                (
                    "Mooi idee, ik leg het voor aan de collega's van de inkoopacties. De vorige "
                    "actie leverde gemiddeld twintig procent korting op."
                ),
            ),
        ),
        stories=(
            (
                "Mooi om te zien dat het idee van de prijsmelding nu in de bèta zit! Dank aan "
                "iedereen die meestemde."
            ),
            (
                "Ik heb een schets gemaakt van hoe een weekoverzicht van opbrengst en verbruik "
                "eruit zou kunnen zien. Feedback welkom."
            ),
        ),
        notices=(
            (
                "**Wat we deden met jullie ideeën dit kwartaal:** de export naar CSV, de "
                "prijsmelding en grotere grafieken. Dank voor alle suggesties!"
            ),
        ),
        on_question=(
            "Ja! Dit zou ik meteen gebruiken.",
            "Goed idee, en graag ook als e-mail voor wie de app niet gebruikt.",
            "+1",
            "Liever eerst de bestaande grafieken sneller maken, eerlijk gezegd.",
            "Zou mooi zijn als je er ook de weersverwachting bij ziet.",
        ),
        on_story=("Top dat er iets mee gebeurt.", "Ziet er goed uit!"),
    ),
    "zonnepanelen": Topic(
        asks=(
            (
                (
                    "Onze omvormer geeft sinds vanochtend foutcode **{error}** en het lampje "
                    "knippert oranje. Iemand ervaring mee?"
                ),
                (
                    "Die melding wijst meestal op een te hoge netspanning. Zet de omvormer vijf "
                    "minuten uit en weer aan; komt het vaker terug, meld het dan bij ons, dan "
                    "vragen we de netbeheerder te meten."
                ),
            ),
            (
                (
                    "Is het zinvol om de panelen schoon te maken? We wonen vlak bij een akker "
                    "in {place} en er ligt best wat stof op."
                ),
                (
                    "Bij een hellend dak spoelt regen het meeste stof weg. Schoonmaken loont "
                    "vooral bij platte daken of veel vogelpoep; gebruik alleen water en een "
                    "zachte borstel, nooit een hogedrukreiniger."
                ),
            ),
            (
                (
                    "We hebben {panels} panelen van {wp} Wp op het zuiden. Is {kwh} kWh per jaar "
                    "een normale opbrengst?"
                ),
                (
                    "Dat is een prima opbrengst voor die ligging. Reken grofweg op 0,85 tot 0,9 "
                    "kWh per wattpiek per jaar op het zuiden."
                ),
            ),
            (
                (
                    "De boom van de buren geeft 's middags schaduw op twee panelen. Helpen "
                    "optimizers of micro-omvormers dan echt?"
                ),
                (
                    "Bij schaduw op een deel van de panelen helpen optimizers zeker: dan trekt "
                    "één beschaduwd paneel de rest niet meer omlaag. Stuur gerust een foto van "
                    "het dak, dan kijk ik mee."
                ),
            ),
            (
                (
                    "Wat gebeurt er straks als de salderingsregeling stopt? Loont uitbreiden "
                    "met extra panelen dan nog?"
                ),
                (
                    "Uitbreiden loont vooral als je de extra stroom zelf gebruikt, bijvoorbeeld "
                    "voor een warmtepomp of een elektrische auto. Alleen voor teruglevering "
                    "wordt het na 2027 minder aantrekkelijk."
                ),
            ),
            (
                (
                    "Onze omvormer valt op zonnige dagen rond het middaguur uit. Kan dat door "
                    "de netspanning komen?"
                ),
                (
                    "Dat is heel waarschijnlijk: als de spanning in de straat boven 253 volt "
                    "komt, schakelt de omvormer zichzelf af. Wij kunnen de netbeheerder vragen "
                    "te meten."
                ),
            ),
            (
                "Hoe lang gaat een omvormer gemiddeld mee? De onze is {years} jaar oud.",
                (
                    "Een omvormer gaat gemiddeld tien tot vijftien jaar mee. Houd de opbrengst "
                    "in de gaten; een sluipende daling is vaak het eerste teken."
                ),
            ),
        ),
        stories=(
            "Nieuw record vandaag: **{kwh_day} kWh** met {panels} panelen. Wat een dag!",
            (
                "Eindelijk zijn de panelen gelegd! {panels} stuks op het zuidoosten, de "
                "installateur was in één dag klaar."
            ),
            (
                "Tip: bekijk de opbrengst in de app per paneel. Zo zag ik dat één paneel "
                "achterbleef; het bleek een losse stekker."
            ),
            (
                "Na {years} jaar zonnepanelen: ze hebben zich ruim terugverdiend. Opbrengst "
                "dit jaar {kwh} kWh."
            ),
            "De omvormer is vervangen onder garantie. Binnen een week geregeld.",
        ),
        notices=(
            (
                "**Let op bij warm weer:** valt je omvormer rond het middaguur uit, meld het "
                "ons. We verzamelen de meldingen per wijk voor de netbeheerder."
            ),
            (
                "Nieuw in de app: de opbrengst per paneel, voor wie optimizers of "
                "micro-omvormers heeft. Te vinden onder *Opwek → Per paneel*."
            ),
            (
                "**Inkoopactie:** tot {month} extra panelen bijplaatsen met korting. Vraag een "
                "offerte aan via de website."
            ),
        ),
        photos=(
            "Zo ziet het dak er nu uit. Wat vinden jullie ervan?",
            "De opbrengst per maand van het afgelopen jaar. De zomer was duidelijk goed!",
            "Vanochtend de panelen schoongemaakt, het scheelt meteen.",
        ),
        on_question=(
            "Bij ons hetzelfde, vooral in het voorjaar.",
            "Herkenbaar. Onze omvormer deed dat ook tot de netbeheerder iets aanpaste.",
            "Wij hebben optimizers laten plaatsen en merkten meteen verschil.",
        ),
        on_story=(
            "Wat een mooie opbrengst!",
            "Dat is bijna het dubbele van wat wij halen, op het westen.",
            "Dank voor de tip over de app, dat wist ik niet.",
            "Mooi gelegd!",
        ),
    ),
    "thuisbatterijen": Topic(
        asks=(
            (
                (
                    "Loont een thuisbatterij van {capacity} kWh als je {panels} panelen hebt en "
                    "na 2027 niet meer kunt salderen?"
                ),
                (
                    "Met een gemiddeld verbruik verdient een batterij zich nu nog moeilijk "
                    "terug; na 2027 wordt het gunstiger. Met een dynamisch contract gaat het "
                    "sneller, omdat de batterij dan ook op goedkope uren laadt."
                ),
            ),
            (
                (
                    "Wie heeft er al een thuisbatterij met een dynamisch contract? Laadt jullie "
                    "batterij automatisch als de prijs laag is?"
                ),
                (
                    "Onze batterijen kun je in de app koppelen aan het dynamische tarief: ze "
                    "laden dan automatisch in de goedkoopste uren en leveren als het duur is."
                ),
            ),
            (
                "Welke capaciteit raden jullie aan voor een gezin van vier met een warmtepomp?",
                (
                    "Voor een gezin met een warmtepomp adviseren we meestal 10 tot 15 kWh. Kijk "
                    "vooral naar je verbruik tussen 17:00 en 23:00 in de app."
                ),
            ),
            (
                "Mag een thuisbatterij gewoon in de meterkast of moet die ergens anders staan?",
                (
                    "Een batterij hoort in een droge, vorstvrije ruimte, liefst niet in de "
                    "meterkast zelf. De installateur kijkt altijd mee naar de plek."
                ),
            ),
            (
                "Hoeveel laadcycli gaat een batterij mee? Ik lees van alles.",
                (
                    "De meeste batterijen van nu halen zesduizend cycli of meer; met één cyclus "
                    "per dag is dat zo'n vijftien jaar. Let op wat de garantie belooft."
                ),
            ),
        ),
        stories=(
            (
                "Drie maanden een thuisbatterij: we halen nu {percent}% van onze stroom uit "
                "eigen opwek. Meer dan ik had gedacht."
            ),
            (
                "De batterij laadt 's nachts op goedkope uren en levert 's avonds. Met het "
                "dynamische contract scheelde dat deze maand € {amount2}."
            ),
            "Onze batterij is geïnstalleerd in de garage. Het ding is stiller dan de koelkast.",
        ),
        notices=(
            (
                "**Webinar thuisbatterijen** op {date} om 20:00: wat verandert er als de "
                "salderingsregeling stopt? Vragen kun je hier alvast stellen."
            ),
        ),
        photos=("Het verschil in teruglevering voor en na de batterij.",),
        on_question=(
            "Interessant, wij twijfelen ook nog.",
            "Let wel op de garantie op het aantal cycli.",
            "Goede vraag, ik ben benieuwd naar de antwoorden.",
        ),
        on_story=(
            "Wij hebben hem sinds de zomer en zijn erg tevreden.",
            "Heb je ook een grafiek van je verbruik vóór en na?",
            "Mooi resultaat!",
        ),
    ),
    "warmtepompen": Topic(
        asks=(
            (
                "Hybride of volledig elektrisch? Ons huis uit {year} heeft energielabel C.",
                (
                    "Bij label C is een hybride warmtepomp vaak een goede eerste stap. Isoleer "
                    "je later verder, dan kun je alsnog volledig elektrisch."
                ),
            ),
            (
                (
                    "Hoe hard is een buitenunit 's nachts eigenlijk? De slaapkamer van de "
                    "buren zit er vlak naast."
                ),
                (
                    "Moderne buitenunits zijn op een paar meter afstand zachter dan een "
                    "gesprek. Let op de plaatsing: niet in een hoek, dan galmt het geluid."
                ),
            ),
            (
                "Wat is een normale COP in de winter? De onze zakt bij {degrees} graden naar 2,5.",
                (
                    "Een COP van 2,5 bij die temperatuur is normaal. Over het hele jaar hoort "
                    "het gemiddelde boven de 3,5 te liggen."
                ),
            ),
            (
                (
                    "Welke subsidie is er nu voor een warmtepomp, en moet je die vóór of na de "
                    "installatie aanvragen?"
                ),
                (
                    "De ISDE-subsidie vraag je aan ná de installatie, binnen 24 maanden. Bewaar "
                    "de factuur en het betaalbewijs."
                ),
            ),
            (
                (
                    "De vloerverwarming wordt niet warm genoeg sinds de warmtepomp. Stooklijn "
                    "aanpassen?"
                ),
                (
                    "Eerst de stooklijn een stapje hoger, en een paar dagen wachten: "
                    "vloerverwarming reageert traag. Helpt dat niet, dan komen we langs."
                ),
            ),
        ),
        stories=(
            (
                "Eerste winter met de warmtepomp achter de rug: {kwh} kWh stroom en geen kuub "
                "gas meer."
            ),
            "Tip: zet de warmtepomp 's nachts niet lager. Laag en constant stoken is zuiniger.",
            (
                "We hebben eerst de spouwmuur en de vloer laten isoleren, pas daarna de "
                "warmtepomp. Achteraf de goede volgorde."
            ),
        ),
        on_question=(
            "Wij twijfelden ook lang, uiteindelijk hybride gekozen.",
            "Wat voor merk hebben jullie, als ik vragen mag?",
            "Herkenbaar, bij ons hielp een lagere stooklijn juist.",
        ),
        on_story=(
            "Wij zijn ook begonnen met isoleren, goede keuze.",
            "Scheelt het veel op de energierekening?",
            "Knap, helemaal van het gas af!",
        ),
    ),
    "besparen": Topic(
        asks=(
            (
                "Wie heeft ervaring met radiatorfolie? Levert het echt iets op?",
                (
                    "Radiatorfolie helpt vooral bij radiatoren tegen een ongeïsoleerde "
                    "buitenmuur. Reken op een paar procent besparing, voor een paar euro."
                ),
            ),
            (
                "Ons sluipverbruik is {watt} watt. Is dat veel? Waar moet ik beginnen met zoeken?",
                (
                    "Tot 50 watt is gebruikelijk. Meet per stopcontact met een energiemeter; "
                    "vaak zijn het oude apparaten, een tweede koelkast of een vijverpomp."
                ),
            ),
            (
                (
                    "Wat zijn jullie beste tips om in de winter minder te stoken zonder het "
                    "koud te hebben?"
                ),
                (
                    "Een graad lager scheelt al snel zes procent. Verder: tocht dichten, "
                    "gordijnen dicht als het donker wordt, en de thermostaat een uur voor het "
                    "slapen lager."
                ),
            ),
            (
                "Heeft iemand een energiemeter te leen in de buurt van {place}?",
                "Bij de meeste bibliotheken kun je er gratis een lenen!",
            ),
        ),
        stories=(
            (
                "Tip: tochtstrips bij de voordeur en de brievenbus. Kost € {amount2}, scheelt "
                "merkbaar."
            ),
            "We douchen nu met een timer van vijf minuten. De kinderen vinden het een wedstrijd.",
            "Ons sluipverbruik gehalveerd door de oude vriezer in de schuur weg te doen.",
            "Alle lampen zijn nu led. Het verbruik daalde met {percent}%.",
            (
                "Deze maand {percent}% minder verbruikt dan vorig jaar, vooral door de "
                "thermostaat een graad lager te zetten."
            ),
        ),
        on_question=(
            "Goede vraag!",
            "Ben ik ook benieuwd naar.",
            "Wij merkten het meest van tochtstrips.",
        ),
        on_story=("Goede tip, ga ik proberen.", "Slim!", "Wat een verschil."),
    ),
    "laadpalen": Topic(
        asks=(
            (
                "Is het slim om de auto alleen op zonnestroom te laden? Hoe stellen jullie dat in?",
                (
                    "Met onze laadpaal kies je in de app *laden op zon*: hij laadt dan alleen "
                    "met je overschot aan zonnestroom, met een minimum dat je zelf instelt."
                ),
            ),
            (
                "Wat kost een laadpaal thuis inclusief installatie ongeveer?",
                (
                    "Reken op ongeveer € 1.200 tot € 1.800, afhankelijk van de afstand tot de "
                    "meterkast en of de groepenkast uitgebreid moet worden."
                ),
            ),
            (
                (
                    "Werkt slim laden ook met een dynamisch contract? Ik wil laden als de "
                    "prijs laag is."
                ),
                "Ja, in de app koppel je het laden aan de goedkoopste uren van de dag.",
            ),
            (
                "Iemand ervaring met bidirectioneel laden? Is dat in Nederland al mogelijk?",
                (
                    "Nog niet op grote schaal: er lopen proeven, onder andere in Utrecht. We "
                    "houden het in de gaten."
                ),
            ),
        ),
        stories=(
            "Deze maand {km} km gereden, helemaal op eigen zonnestroom geladen.",
            "De laadpaal hangt! De installateur heeft meteen de groepenkast uitgebreid.",
            (
                "Tip: stel in de laadpaal een maximum in, dan slaat de hoofdschakelaar niet af "
                "als de inductieplaat ook aan staat."
            ),
        ),
        on_question=("Wij laden vooral overdag in het weekend.", "Goede vraag, ik ook."),
        on_story=("Mooi! Welke auto rijden jullie?", "Goede tip over dat maximum.", "Top!"),
    ),
    "buurt": Topic(
        asks=(
            (
                (
                    "Wie in {place} heeft interesse in een gezamenlijk dak op de sporthal? We "
                    "zoeken nog tien deelnemers."
                ),
                (
                    "Mooi initiatief! Zonnestroom heeft een projectleider die meedenkt over de "
                    "regeling en de financiering. Stuur me een bericht, dan breng ik je in "
                    "contact."
                ),
            ),
            (
                "Hoe hebben andere buurten een buurtbatterij geregeld? Wij zoeken een plek.",
                (
                    "Wij hebben de buurtbatterij bij het dorpshuis gezet, samen met de "
                    "netbeheerder. Het duurde een jaar, maar het was het waard."
                ),
            ),
            (
                "Wie helpt mee met de zonnedag op {date} in {place}?",
                "Ik kan de koffie en thee regelen. Laat maar weten hoe laat!",
            ),
        ),
        stories=(
            (
                "Op {date} houden we een **zonnedag** in {place}: buren met panelen laten hun "
                "dak zien en vertellen over hun ervaring. Koffie staat klaar!"
            ),
            (
                "Het postcoderoosproject in {place} is vol: 120 panelen op de boerenschuur. "
                "Dank aan iedereen die meedeed!"
            ),
            "Gisteren de eerste buurtavond over isoleren gehouden. Er kwamen {people} buren.",
        ),
        photos=("Foto van de zonnedag van vorig jaar.",),
        on_question=("Ik doe mee!", "Interessant, houd me op de hoogte."),
        on_story=(
            "Wat leuk, wij komen zeker langs.",
            "Zet het ook op het prikbord bij de supermarkt.",
            "Kan ik nog iets meenemen?",
        ),
    ),
    "moestuin": Topic(
        asks=(
            (
                (
                    "Wat doen jullie met het regenwater van de schuur? Wij willen een regenton "
                    "koppelen."
                ),
                "Een regenton met een overloop naar de tuin werkt bij ons al jaren goed.",
            ),
            (
                "Welke groenten doen het goed in de schaduw van een schutting?",
                "Bladgroenten als sla, spinazie en snijbiet kunnen prima tegen halfschaduw.",
            ),
            (
                "Wie heeft nog zaadjes over van de snijbonen?",
                "Ik heb er nog genoeg, ik stuur je een bericht!",
            ),
        ),
        stories=(
            "Eerste oogst van het jaar: radijsjes en sla. Zo fijn om uit eigen tuin te eten.",
            "We composteren nu al het groente-afval. De moestuin is er dankbaar voor.",
            "De tomaten doen het dit jaar fantastisch in de kas.",
        ),
        photos=(
            "De moestuin in volle glorie.",
            "Zo ziet het er nu uit, na een week zon.",
            "De oogst van deze week.",
        ),
        on_question=("Goede vraag, ik ben benieuwd.",),
        on_story=(
            "Wat ziet dat er goed uit!",
            "Jaloersmakend!",
            "Hoe houden jullie de slakken weg?",
        ),
    ),
    "fotografie": Topic(
        asks=(
            (
                "Welke instellingen gebruiken jullie voor een zonsondergang?",
                "Lage ISO, statief, en meten op de lucht naast de zon. En een paar keer proberen!",
            ),
        ),
        stories=(
            "Vanavond bij het zonnepark in {place}.",
            "Op de fiets langs de windmolens bij {place}.",
            "Uitzicht vanaf onze zolder.",
        ),
        photos=(
            "Vanavond bij het zonnepark in {place}.",
            "Op de fiets langs de windmolens bij {place}.",
            "Winterochtend in de wijk.",
            "Zonsondergang boven de polder, net voor het onweer.",
            "De panelen op het dak bij ochtendlicht.",
        ),
        on_story=(
            "Prachtig!",
            "Wat een licht.",
            "Mooie compositie met die molens.",
            "Die zou ik zo aan de muur hangen.",
            "Waar is dit precies?",
        ),
    ),
    "medewerkers": Topic(
        notices=(
            "Herinnering: {weekday} om {time} teamoverleg {team}, in de grote zaal.",
            "Wie heeft er {weekday} dienst bij de storingslijn? Ik zoek iemand om te ruilen.",
            "De nieuwe laptops voor {team} liggen klaar bij de servicedesk.",
            "Lunchlezing {weekday} om 12:30: *Wat leren we van de vragen in de Kring?*",
            "Denk eraan je uren van {month} vóór vrijdag in te vullen.",
            (
                "De nieuwe veelgestelde vragen over terugleverkosten staan klaar. Graag "
                "gebruiken in je antwoorden."
            ),
            "Wie neemt de zonnedag in {place} op {date} over? Ik ben die week op vakantie.",
            "Vrijdagmiddagborrel om {time_late} op het dakterras!",
            "Nieuwe collega's deze maand: welkom! Stel jullie gerust even voor.",
            (
                "Tip: verwijs klantvragen over de nieuwe app-versie naar de groep Bèta-testers, "
                "daar leest het productteam mee."
            ),
            "De tarieven per 1 januari zijn bekend. De uitleg voor klanten volgt maandag.",
        ),
        on_story=("Ik kan wel!", "Dank voor het regelen.", "Goed om te weten.", "Ik ben erbij."),
    ),
    "storingsdienst": Topic(
        notices=(
            (
                "Storing bij drie omvormers van hetzelfde type in {place}, foutcode {error}. "
                "De netbeheerder is gebeld."
            ),
            (
                "Overdracht weekenddienst: {few} open meldingen, waarvan één in {place}. Details "
                "staan in het systeem."
            ),
            "De storing in de app van vannacht is opgelost. Oorzaak: een verlopen certificaat.",
            "Extra drukte verwacht door de hittegolf: let op uitvallende omvormers.",
            "Melding uit {place}: laadpaal geeft {error}. Monteur gaat {weekday} langs.",
            "Rooster storingsdienst voor {month} staat klaar. Ruilen graag hier melden.",
        ),
        on_story=("Ik pak het op.", "Dank, ik bel de klant terug.", "Genoteerd."),
    ),
    "ondernemingsraad": Topic(
        notices=(
            "De agenda van de OR-vergadering op {date} staat in de gedeelde map.",
            "Spreekuur van de OR: {weekday} om {time}. Loop gerust binnen.",
            "Het concept-thuiswerkbeleid ligt bij ons ter advies. Reacties graag vóór {date}.",
            (
                "Terugkoppeling van het overleg met de directie: de reorganisatie van de "
                "planning gaat niet door."
            ),
        ),
        on_story=("Dank voor de update.", "Ik heb een paar opmerkingen, die stuur ik je."),
    ),
    "ambassadeurs": Topic(
        stories=(
            "Zaterdag een zonnedag gehouden in {place}: {people} bezoekers en vier aanmeldingen!",
            "Mijn buren vroegen naar de thuisbatterij. Ik heb ze naar de groep verwezen.",
        ),
        notices=(
            (
                "Alvast een voorproefje van de campagne voor het voorjaar: *Samen zonnestroom*. "
                "Wat vinden jullie?"
            ),
            (
                "Wie wil er spreken op de ledenvergadering op {date}? We zoeken twee ervaringen "
                "van leden."
            ),
            (
                "Er ligt nieuw materiaal voor de zonnedagen klaar: flyers, een banner en een "
                "presentatie."
            ),
            "Dank aan alle ambassadeurs: via jullie zijn dit jaar {people} nieuwe leden gekomen!",
        ),
        on_story=("Ziet er goed uit!", "Ik wil wel spreken.", "Kan ik flyers ophalen in {place}?"),
    ),
    "beta": Topic(
        asks=(
            (
                (
                    "In versie {version} springt de grafiek terug naar vandaag als ik naar "
                    "vorige week scrol. Hebben jullie dat ook?"
                ),
                (
                    "Dank voor de melding! We hebben het kunnen naspelen; de oplossing zit in "
                    "de volgende testversie."
                ),
            ),
            (
                "De melding bij negatieve prijzen komt bij mij een uur te laat. Tijdzone?",
                "Klopt, daar zat een fout in de tijdzone. In de volgende versie is het opgelost.",
            ),
        ),
        stories=("De nieuwe verbruiksgrafiek is een stuk sneller. Mooi werk!",),
        notices=(
            (
                "Versie {version} van de app staat klaar om te testen. Nieuw: het weekoverzicht "
                "en de export naar CSV."
            ),
        ),
        on_question=("Hier ook.", "Bij mij werkt het wel, op Android."),
        on_story=("Top, ik test het vanavond.", "Installeren gelukt, tot nu toe geen problemen."),
    ),
    "community": Topic(
        asks=(
            (
                "Waar vind ik in de Kring iets over subsidies voor isolatie?",
                (
                    "Kijk in de groep Energie besparen, daar staat veel over subsidies. Via "
                    "[het groepenoverzicht](/groepen/) vind je hem snel."
                ),
            ),
            (
                "Is er een groep voor mensen in {place}?",
                (
                    "Nog niet, maar je kunt er zelf een beginnen! Of zoek buren in "
                    "[de ledenlijst](/leden/)."
                ),
            ),
            (
                "Hoe vind ik andere leden met een warmtepomp?",
                "In [de ledenlijst](/leden/) kun je zoeken op interesse, bijvoorbeeld Warmtepomp.",
            ),
        ),
        stories=(
            (
                "Hallo allemaal! Ik ben nieuw hier en woon in {place}. Sinds kort hebben we "
                "{panels} zonnepanelen."
            ),
            (
                "Wat fijn dat deze Kring er is. Ik heb al veel geleerd van de groep over "
                "thuisbatterijen."
            ),
            "Hoi! Nieuw lid uit {place}. Vooral benieuwd naar ervaringen met warmtepompen.",
            "Mooie dag vandaag: de panelen draaien, de was hangt buiten.",
        ),
        on_question=("Goede vraag!",),
        on_story=("Welkom!", "Leuk dat je er bent.", "Welkom in de Kring!", "Mooi gezegd."),
    ),
    "profiel": Topic(
        stories=(
            "Vandaag **{kwh_day} kWh** opgewekt. Nieuw record!",
            "Eindelijk de spouwmuur laten isoleren. Het huis voelt meteen anders.",
            "Op de fiets naar het zonnepark bij {place}. Wat een mooie dag.",
            "Ons verbruik deze maand: {kwh_month} kWh. Zuiniger dan ooit.",
            "Nieuwe wasmachine met tijdschakeling: die draait nu op zonnestroom.",
            "Weekend: tuin winterklaar gemaakt, regenton geleegd.",
        ),
        photos=(
            "Uitzicht van vanochtend.",
            "Onze panelen vanaf de straat.",
            "De opbrengst van dit jaar tot nu toe.",
        ),
        on_story=("Goed bezig!", "Mooi!", "Knap!", "Wat leuk!"),
    ),
}

# Added now and then after a photo's caption.
PHOTO_EXTRAS = ("", "", "", "Genomen met mijn telefoon.", "Wat vinden jullie?", "Zonder filter!")

# Under a group's welcome post: members introduce themselves.
INTRODUCTIONS = (
    "Hoi! Ik woon in {place} en heb sinds {year_recent} panelen op het dak.",
    "Hallo allemaal, ik kom hier vooral om te leren. Groet uit {place}.",
    "Leuk dat deze groep er is! Ik help graag mee waar ik kan.",
    "Hoi, ik ben nieuw in de coöperatie en benieuwd naar jullie ervaringen.",
    "Hallo uit {place}! Wij zijn net begonnen met verduurzamen.",
)

# The same in a group of employees only.
WELCOME_EMPLOYEES = (
    (
        "Welkom in **{group}**! Hier stemmen we als collega's af. Klanten zien deze groep "
        "niet, maar houd het net zo netjes als elders in de Kring."
    ),
)
INTRODUCTIONS_EMPLOYEES = (
    "Fijn dat deze groep er is.",
    "Dank voor het opzetten!",
    "Handig, dan hoeven we niet alles te mailen.",
    "Goed idee, ik zet hem in mijn favorieten.",
)

# Friends-only posts on a member's own wall: personal, for the people they know.
FRIENDS_ONLY = (
    "Onze jongste is vandaag vijf geworden. Wat gaat de tijd snel!",
    "Wie komt zaterdag helpen met de verhuisdozen? Soep en taart staan klaar.",
    "Vakantie! Twee weken weg, even geen grafieken kijken.",
    "Morgen de eerste werkdag bij mijn nieuwe baan. Spannend!",
    "Dank voor alle lieve berichten na de operatie. Het gaat de goede kant op.",
    "Verjaardag gevierd in de tuin, met de hele familie. Heerlijke dag.",
    "Wie heeft er zin in een wandeling zondag? Verzamelen bij de molen in {place}.",
    "Net een huis gekocht in {place}. We krijgen de sleutel in {month}!",
    "Eindelijk geslaagd voor mijn rijexamen. In een elektrische auto, natuurlijk.",
    "Onze hond is vandaag tien geworden. Taart voor iedereen (en een bot voor hem).",
    "Wie wil er mee naar het concert in {place}, {weekday} over twee weken?",
    "Vandaag afscheid genomen van mijn oude collega's. Dank voor de mooie jaren!",
)
ON_FRIENDS_ONLY = (
    "Gefeliciteerd!",
    "Wat fijn om te horen.",
    "Ik kom!",
    "Veel plezier!",
    "Sterkte, en beterschap!",
)

# The wall's owner answers a friend's message on their wall.
GREETING_ANSWERS = ("Dank je wel, {first}!", "Zeker, {first}! Ik kom.", "Leuk, {first}, dank je!")

# A friend writes on someone else's wall.
WALL_GREETINGS = (
    "Gefeliciteerd met je nieuwe panelen! Kom ik binnenkort kijken?",
    "Leuk je zaterdag gezien te hebben op de zonnedag!",
    "Bedankt voor de tip over de thuisbatterij, we hebben er een besteld.",
    "Hoi {first}, nog zin om samen naar de ledenvergadering te gaan?",
    "Fijne verjaardag, {first}!",
)

# A group's first post, by its owner: often pinned.
WELCOME = (
    (
        "Welkom in **{group}**! Stel je gerust even voor: waar woon je en wat wil je hier "
        "leren of delen? Houd het vriendelijk en help elkaar."
    ),
    (
        "Fijn dat je er bent in **{group}**. Hier delen we ervaringen en stellen we vragen. "
        "Medewerkers van Zonnestroom lezen mee en helpen waar ze kunnen."
    ),
)

# The community space's announcements, by community managers.
ANNOUNCEMENTS = (
    (
        "Welkom in de **Kring van Zonnestroom**! Hier helpen leden, klanten en medewerkers "
        "elkaar. Begin in [het groepenoverzicht](/groepen/) of zoek mensen in "
        "[de ledenlijst](/leden/)."
    ),
    "De ledenvergadering is op {date} in {place}. Aanmelden kan via de groep Buurtprojecten.",
    (
        "Vanaf deze week kun je in de Kring foto's bij je berichten plaatsen. Laat zien hoe "
        "jouw dak eruitziet!"
    ),
    "Onderhoud: zondag tussen 7:00 en 8:00 is de app even niet bereikbaar.",
)

# Answering an answer: the asker thanks or follows up.
THANKS = (
    "Dank je wel, {first}! Dat ga ik proberen.",
    "Dat werkte, dank je!",
    "Helder, bedankt voor de uitleg.",
    "@{mention} dank voor het snelle antwoord!",
    "Goed om te weten, {first}.",
    "Precies wat ik zocht.",
    "Ik heb het aangepast, nu klopt het.",
    "Hmm, bij mij helpt dat helaas niet. Nog een idee?",
)
# Replying to another member's comment.
REPLIES = (
    "Eens, {first}!",
    "@{mention} precies, dat dacht ik ook.",
    "Dank voor de aanvulling, {first}.",
    "Goed punt.",
)

# Employees' internal notes in customer threads: only employees read them.
INTERNAL_NOTES = (
    "Intern: klant heeft ook gebeld, ticket staat bij de tweede lijn.",
    "Intern: meter is opnieuw gekoppeld, graag over een week nakijken.",
    "Intern: dit is de derde melding deze week hierover, doorgezet naar IT.",
    "Intern: voorschot handmatig aangepast, bevestiging per mail gestuurd.",
)

# What a member adds when they edit their own post (the edit history shows the old text).
EDIT_ADDITIONS = (
    "**Aanvulling:** inmiddels opgelost, dank voor de hulp!",
    "**Update:** de installateur komt volgende week langs.",
    "**Aanvulling:** het gaat om een rijtjeshuis uit de jaren zeventig.",
)

# Posts a moderator deletes (the demo's moderators can restore them).
SPAM = (
    "GOEDKOPE ZONNEPANELEN!!! Alleen vandaag 70% korting, bel nu en vraag naar Kees!!!",
    "Verdien € 500 per dag vanuit huis met crypto-zonnestroom. Stuur me een bericht.",
)

TIMES = ("9:00", "9:30", "10:00", "11:00", "14:00", "15:30")
TIMES_LATE = ("16:00", "16:30", "17:00")
TEAMS = ("klantenservice", "installaties", "energieadvies", "planning", "communicatie")

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
ERROR_CODES = ("F32", "E017", "Grid overvoltage", "PV-isolatiefout", "E-103")
APP_VERSIONS = ("4.2", "4.3", "4.3.1", "4.4-beta")
