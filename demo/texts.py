"""What the seeded conversations say, shared by seed_demo and seed_large: notes at the
door, sit-down summaries per topic, what the parents said, agreements."""

from __future__ import annotations

from gesprekken.vocabulary import Topic

HANDOVER_NOTES = (
    "Vannacht slecht geslapen, mag vandaag eerder slapen.",
    "Heeft goed gegeten en veel buiten gespeeld.",
    "Slaapt thuis onrustig sinds de vakantie; vandaag extra rustig slapen.",
    "Wat verkouden; vader belt als het erger wordt.",
    "Trots verteld over het knutselwerk van vandaag.",
    "Moeder vroeg hoe het wennen gaat; gerustgesteld.",
    "Oma haalt vrijdag op, staat in het schrift.",
    "Speelde de hele middag met vriendjes in de zandbak.",
    "Tandjes komen door, was wat hangerig en wilde niet slapen.",
    "Vader vertelde dat het thuis goed gaat met de zindelijkheid.",
    "Kort slapen tussen de middag ging goed.",
    "Moeder vertelde over de logeerpartij bij opa en oma.",
    "Wil graag zelf eten met de lepel; thuis oefenen ze ook.",
    "Was even verdrietig bij het afscheid, daarna snel aan het spelen.",
)
SIT_DOWN_TEXT = {
    Topic.SLEEP: (
        "Het slapen op de groep gaat moeizaam; we vergeleken het slaapritueel thuis en hier."
    ),
    Topic.FOOD: "Eten gaat wisselend. Samen gekeken wat thuis werkt en wat wij kunnen proberen.",
    Topic.HEALTH: "Allergie besproken; afspraken over het eten op de groep vastgelegd.",
    Topic.BEHAVIOUR: "Bespraken het afpakken van speelgoed; ouders herkennen het deels van thuis.",
    Topic.DEVELOPMENT: "We bespraken de observatie: taal en motoriek ontwikkelen zich goed.",
    Topic.PLAY: "Speelt graag met een vaste vriend; we zoeken samen naar nieuwe spelletjes.",
    Topic.SETTLING: "Evaluatie na de wenperiode: meer vertrouwd, afscheid nemen gaat beter.",
    Topic.HOME: "Ouders vertelden over de verhuizing en wat dat thuis betekent.",
    Topic.PARTICIPATION: "Gevraagd of ouders willen meedenken over het zomerfeest.",
    Topic.LANGUAGE: (
        "Thuis spreken ze twee talen; we bespraken hoe we de taal op de groep stimuleren."
    ),
    Topic.TOILET: "Zindelijkheid: thuis gaat het goed, op de groep nog met een luier.",
    Topic.SCHOOL: (
        "Overgang naar de basisschool besproken; warme overdracht alleen met toestemming."
    ),
}
PARENT_VIEWS = (
    "Ouders zijn tevreden en herkennen het beeld.",
    "Moeder maakt zich zorgen over het slapen en wil graag meedenken.",
    "Vader vertelt dat het thuis anders gaat en geeft tips.",
    "Ouders vragen of er vaker een foto in de app kan.",
    "Ouders willen graag weten hoe het gaat met vriendjes.",
    "Ouders vinden dat hun kind thuis beter eet en vragen wat wij anders doen.",
)
AGREEMENTS = (
    "Slaapritueel van thuis een week proberen op de groep",
    "Over twee weken kort evalueren bij het halen",
    "Ouders nemen eigen knuffel en speendoekje mee",
    "Mentor observeert het spel en koppelt terug",
    "Ouders vragen advies bij het consultatiebureau",
    "Informatie over de oudercommissie meegeven",
    "Dieetlijst bijwerken en in de keuken ophangen",
)
