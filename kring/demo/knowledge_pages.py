"""What the demo's knowledge base says: twenty pages of Zonnestroom's products and services
in a catalogue tree, and the words of members' reviews (see knowledge.py, which writes them)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageSpec:
    slug: str
    title: str
    intro: str
    parent: str = ""  # slug of the parent page
    product: bool = False
    group: str = ""  # key of the demo group about the product (kring.demo.groups)
    features: tuple[str, ...] = ()
    price: str = ""
    # A later edit: the page is first written without it, then it is added (a revision).
    update: str = ""
    # Words that find wall posts about this product in its group, to link them.
    keywords: tuple[str, ...] = field(default_factory=tuple)


PAGES: list[PageSpec] = [
    PageSpec(
        "zonnepanelen",
        "Zonnepanelen",
        "Zelf stroom opwekken op je dak: van advies en installatie tot de app waarin je "
        "je opbrengst volgt.",
    ),
    PageSpec(
        "zonnestroom-paneel-430",
        "Zonnestroom Paneel 430 Wp",
        "Ons zwarte glas-glaspaneel met 430 wattpiek, 30 jaar productgarantie en een "
        "rendement van 22 %.",
        parent="zonnepanelen",
        product=True,
        group="zonnepanelen",
        features=("430 Wp per paneel", "30 jaar product- en vermogensgarantie", "Volledig zwart"),
        price="vanaf € 289 per paneel, inclusief montage",
        update="Sinds maart leveren we het paneel ook met een plat-dakframe op oost-west.",
        keywords=("paneel", "panelen"),
    ),
    PageSpec(
        "omvormers",
        "Omvormers",
        "De omvormer zet de gelijkstroom van je panelen om in wisselstroom voor je huis. "
        "We leveren string-omvormers en micro-omvormers.",
        parent="zonnepanelen",
        product=True,
        group="zonnepanelen",
        features=("12 jaar garantie, uit te breiden naar 20", "Stil: geen ventilator", "Wifi"),
        price="vanaf € 749",
        update="Storing met code F-23? Herstart de omvormer en kijk daarna in de app.",
        keywords=("omvormer",),
    ),
    PageSpec(
        "monitoring-app",
        "Monitoring-app",
        "Volg per kwartier wat je panelen opwekken, wat je verbruikt en wat je teruglevert.",
        parent="zonnepanelen",
        product=True,
        group="zonnepanelen",
        features=("Opbrengst per paneel", "Melding bij storing", "Koppeling met je slimme meter"),
        price="gratis bij elk Zonnestroom-systeem",
        keywords=("app",),
    ),
    PageSpec(
        "onderhoud-schoonmaak",
        "Onderhoud en schoonmaak",
        "Een jaarlijkse controle van panelen, bekabeling en omvormer, en schoonmaak met demiwater.",
        parent="zonnepanelen",
        product=True,
        features=("Controle op hotspots met een warmtecamera", "Schoonmaak zonder zeep"),
        price="€ 129 per jaar tot 16 panelen",
    ),
    PageSpec(
        "opslag",
        "Opslag",
        "Je eigen stroom bewaren voor de avond, of laden als stroom goedkoop is.",
    ),
    PageSpec(
        "thuisbatterij",
        "Thuisbatterij Buffer 10",
        "Een thuisbatterij van 10 kWh die slim laadt op goedkope uren en ontlaadt als "
        "stroom duur is.",
        parent="opslag",
        product=True,
        group="thuisbatterijen",
        features=("10 kWh, uit te breiden tot 20 kWh", "Noodstroom bij uitval", "10 jaar garantie"),
        price="€ 6.450 inclusief installatie",
        update="Nieuw: de batterij stuurt op de uurprijzen van ons dynamische contract.",
        keywords=("batterij",),
    ),
    PageSpec(
        "elektrisch-rijden",
        "Elektrisch rijden",
        "Thuis laden met je eigen zonnestroom, en onderweg met onze laadpas.",
    ),
    PageSpec(
        "laadpaal",
        "Laadpaal Thuislader 11 kW",
        "Een laadpaal voor aan de muur of op een paal, die laadt met zonnestroom als die er is.",
        parent="elektrisch-rijden",
        product=True,
        group="laadpalen",
        features=("11 kW driefase of 3,7 kW enkelfase", "Laden op zonne-overschot", "Vaste kabel"),
        price="€ 1.095 inclusief standaardinstallatie",
        keywords=("laadpaal", "laden"),
    ),
    PageSpec(
        "laadpas",
        "Laadpas",
        "Laden bij meer dan 200.000 openbare laadpunten in Europa, met één overzicht per maand.",
        parent="elektrisch-rijden",
        product=True,
        group="laadpalen",
        features=("Geen abonnementskosten", "Overzicht in de app"),
        price="gratis voor klanten, je betaalt het tarief van de laadpaal",
        keywords=("laadpas",),
    ),
    PageSpec("warmte", "Warmte", "Van het gas af, in stappen of in één keer."),
    PageSpec(
        "hybride-warmtepomp",
        "Hybride warmtepomp",
        "Een warmtepomp naast je cv-ketel: hij doet het meeste werk, de ketel springt bij als "
        "het vriest.",
        parent="warmte",
        product=True,
        group="warmtepompen",
        features=("Tot 70 % minder gas", "Past bij de meeste cv-ketels", "Subsidie mogelijk"),
        price="vanaf € 4.900, vóór subsidie",
        update="De subsidie (ISDE) voor hybride warmtepompen is dit jaar verhoogd.",
        keywords=("hybride",),
    ),
    PageSpec(
        "volledige-warmtepomp",
        "Volledig elektrische warmtepomp",
        "Helemaal van het gas af, voor goed geïsoleerde huizen.",
        parent="warmte",
        product=True,
        group="warmtepompen",
        features=("Verwarmt en koelt", "Met boilervat voor warm water", "Fluisterstil"),
        price="vanaf € 11.500, vóór subsidie",
        keywords=("warmtepomp",),
    ),
    PageSpec(
        "energiecontracten",
        "Energiecontracten",
        "Stroom en gas van de coöperatie: groen, eerlijk geprijsd, zonder kleine lettertjes.",
    ),
    PageSpec(
        "dynamisch-contract",
        "Dynamisch contract",
        "Je betaalt per uur de prijs van de energiebeurs, plus een vaste opslag.",
        parent="energiecontracten",
        product=True,
        group="klantenservice",
        features=("Uurprijzen een dag vooruit in de app", "Maandelijks opzegbaar"),
        price="beursprijs + € 0,02 per kWh",
        keywords=("dynamisch",),
    ),
    PageSpec(
        "vast-contract",
        "Vast contract",
        "Drie jaar zekerheid: je tarief staat vast, wat er ook gebeurt op de markt.",
        parent="energiecontracten",
        product=True,
        features=("1 of 3 jaar vast", "Geen opzegboete na het eerste jaar"),
        price="zie je persoonlijke aanbod",
    ),
    PageSpec(
        "windstroom",
        "100 % Nederlandse windstroom",
        "Stroom van de windmolens van onze leden in Flevoland en Zeeland.",
        parent="energiecontracten",
        product=True,
        features=("Opgewekt door coöperaties", "Met garantie van oorsprong"),
        price="inbegrepen in elk contract",
    ),
    PageSpec("hulp", "Hulp en service", "Praktische hulp bij je aansluiting, meter en verbruik."),
    PageSpec(
        "slimme-meter",
        "Je slimme meter koppelen",
        "Koppel je slimme meter aan de app, dan zie je je verbruik per kwartier.",
        parent="hulp",
        update="Zie je geen gegevens? Controleer of je P1-kastje groen knippert.",
    ),
    PageSpec(
        "energieadvies",
        "Energieadvies aan huis",
        "Een energieadviseur komt langs en maakt een plan: isoleren, opwekken, opslaan.",
        parent="hulp",
        product=True,
        group="besparen",
        features=("Twee uur bij je thuis", "Een plan met kosten en terugverdientijd"),
        price="€ 95, terug te krijgen als je een product van ons neemt",
        keywords=("advies",),
    ),
]

# Review texts per number of stars: what members write about a product ("{title}").
REVIEW_TEXTS: dict[int, tuple[str, ...]] = {
    5: (
        "Heel tevreden over {title}. Nette installateurs, alles in één dag klaar.",
        "Doet precies wat beloofd is. In de app zie ik het resultaat elke dag.",
        "Na een half jaar nog steeds blij. Goede uitleg vooraf, geen verrassingen.",
        "Aanrader! De vragen die ik had werden hier in de Kring snel beantwoord.",
    ),
    4: (
        "Goed product, alleen de levering duurde twee weken langer dan gepland.",
        "Werkt prima. De handleiding mocht wat duidelijker, maar de community hielp.",
        "Tevreden, al vond ik de prijs aan de hoge kant. Het verdient zich wel terug.",
    ),
    3: (
        "Het werkt, maar het instellen kostte me een avond. Meer uitleg zou helpen.",
        "Redelijk. Doet wat het moet doen, niet meer en niet minder.",
    ),
    2: (
        "Twee keer een storing gehad in de eerste maand. Wel snel opgelost.",
        "De afspraak werd twee keer verzet. Het product zelf is verder oké.",
    ),
    1: (
        "Helaas: na drie weken nog steeds niet goed werkend. Ik wacht op een monteur.",
        "Slechte ervaring met de planning, niemand belde terug.",
    ),
}

REPLY_TEXTS: dict[str, tuple[str, ...]] = {
    "low": (
        (
            "Vervelend dat het zo liep, en dank dat je het deelt. Ik heb je melding doorgezet naar "
            "de planning; je hoort deze week van ons."
        ),
        (
            "Sorry hiervoor. Een collega van de buitendienst neemt contact met je op om het "
            "samen op te lossen."
        ),
    ),
    "high": (
        "Wat fijn om te lezen, dank je wel! We geven je compliment door aan de installateurs.",
        "Dank voor je review. Tip: in de groep vind je nog meer ervaringen van leden.",
    ),
}
