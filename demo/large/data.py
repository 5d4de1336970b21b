"""What the large seed is made of: sizes per unit of scale, names, texts, proportions."""

from __future__ import annotations

from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BATCH_ROWS = 20_000
HISTORY_DAYS = 3 * 365

# Per unit of scale.
LOCATIONS = 200
CHILDREN = 20_000
CONVERSATIONS = 1_000_000
PMS_PER_LOCATION = 8
LOCATIONS_PER_MANAGER = 5

# (name, care type, youngest and oldest age in months, relative size)
GROUPS = (
    ("Rupsjes", "dagopvang", (3, 24), 12),
    ("Vlinders", "dagopvang", (18, 47), 14),
    ("Dolfijntjes", "dagopvang", (3, 47), 14),
    ("Peuterklas", "peuteropvang", (26, 47), 14),
    ("BSO Ontdekkers", "bso", (50, 90), 22),
    ("BSO Avonturiers", "bso", (80, 150), 24),
)
CITIES = (
    "Amsterdam Utrecht Rotterdam Den-Haag Eindhoven Groningen Tilburg Almere Breda Nijmegen "
    "Apeldoorn Haarlem Arnhem Enschede Amersfoort Zaanstad Den-Bosch Haarlemmermeer Zwolle "
    "Leiden Zoetermeer Leeuwarden Maastricht Dordrecht Ede Alphen Westland Alkmaar Emmen Delft "
    "Venlo Deventer Sittard Helmond Oss Amstelveen Hilversum Sudwest-Fryslan Heerlen Nissewaard"
).replace("-", " ")
PLACES = (
    "Zonnebloem Klaproos Madeliefje Zeester Regenboog Vlinderhof Boomhut Kikkerland Speelark "
    "Uilenest Egelantier Kabouterhuis Zandkasteel Paardenbloem Tuinfluiter Wilgenhof Merel "
    "Lieveheersbeestje Sterrenkijker Piratenschip"
).split()
FIRST_NAMES = (
    "Emma Noah Julia Liam Mila Luca Tess Sem Sophie Lucas Zoë Finn Sara Daan Nora Levi Eva Milan "
    "Yara Jesse Lotte Bram Saar Mees Nina Thijs Fleur Adam Lina Mohamed Amira Yusuf Ayla Omar "
    "Hiba Ilyas Zeynep Emir Elif Kerem Maja Jakub Zofia Oliwer Olena Mykyta Selam Dawit Nour "
    "Rayan Anouk Joost Ingrid Kees Petra Maartje Sanne Fatima Ayse Mustafa Dewi Rohan Priya"
).split()
LAST_NAMES = (
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|"
    "Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|"
    "de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel|"
    "Yilmaz|Kaya|Demir|El Amrani|Bouzid|Benali|Nowak|Kowalski|Wiśniewska|Kovalenko|Tesfay|"
    "Haile|Abdi|Martina|Rosario|Pinas|Sewdien|Ramdin|Nguyen|Tran|Silva|Santos|Schmidt"
).split("|")
LANGUAGES = (("nl", 80), ("ar", 4), ("tr", 4), ("pl", 3), ("en", 3), ("uk", 2), ("ti", 1))
HELPS = (
    "voorlezen",
    "koken met de kinderen",
    "de moestuin",
    "muziek maken",
    "knutselen",
    "meegaan met een uitje",
    "verhalen in de eigen taal",
    "klussen in de tuin",
)

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
    "slapen": "Het slapen op de groep gaat moeizaam; we vergeleken het slaapritueel thuis en hier.",
    "eten": "Eten gaat wisselend. Samen gekeken wat thuis werkt en wat wij kunnen proberen.",
    "gezondheid": "Allergie besproken; afspraken over het eten op de groep vastgelegd.",
    "gedrag": "Bespraken het afpakken van speelgoed; ouders herkennen het deels van thuis.",
    "ontwikkeling": "We bespraken de observatie: taal en motoriek ontwikkelen zich goed.",
    "spel": "Speelt graag met een vaste vriend; we zoeken samen naar nieuwe spelletjes.",
    "wennen": "Evaluatie na de wenperiode: meer vertrouwd, afscheid nemen gaat beter.",
    "thuissituatie": "Ouders vertelden over de verhuizing en wat dat thuis betekent.",
    "ouderparticipatie": "Gevraagd of ouders willen meedenken over het zomerfeest.",
    "taal": "Thuis spreken ze twee talen; we bespraken hoe we de taal op de groep stimuleren.",
    "zindelijkheid": "Zindelijkheid: thuis gaat het goed, op de groep nog met een luier.",
    "school": "Overgang naar de basisschool besproken; warme overdracht alleen met toestemming.",
}
TOPIC_WEIGHTS = (
    ("ontwikkeling", 16),
    ("slapen", 12),
    ("eten", 12),
    ("gedrag", 10),
    ("spel", 8),
    ("gezondheid", 8),
    ("wennen", 6),
    ("thuissituatie", 6),
    ("taal", 6),
    ("zindelijkheid", 5),
    ("ouderparticipatie", 6),
    ("school", 5),
)
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
REFLECTIONS_WELL = (
    "Ik heb eerst gevraagd hoe ouders het zien.",
    "Rustig gebleven toen vader boos werd.",
    "Goed doorgevraagd naar wat ouders thuis merken.",
)
REFLECTIONS_NEXT = (
    "Minder zelf praten, meer vragen.",
    "Eerder vertellen wat ik zelf niet weet.",
    "Afspraken concreter maken, met een datum.",
)
FEEDBACK_WELL = ("Mooi hoe je de ouders hebt laten vertellen.", "Duidelijke afspraken gemaakt.")
FEEDBACK_NEXT = ("Vraag ook naar wat goed gaat thuis.", "Vat aan het eind samen.")

# kind, share of all talks (intakes come separately, at the start of care)
KINDS = (
    ("breng", 44.0),
    ("haal", 42.0),
    ("telefonisch", 4.5),
    ("tienminutengesprek", 5.0),
    ("evaluatie", 2.0),
    ("zorggesprek", 1.3),
    ("overig", 1.2),
)
HANDOVER_TIPS = (1, 2, 5, 6, 9, 10)

CONVERSATION_COLUMNS = (
    "id",
    "kind",
    "occurred_at",
    "duration_minutes",
    "topics",
    "topics_other",
    "participation_discussed",
    "tone",
    "summary",
    "parent_view",
    "parent_stance",
    "own_stance",
    "language",
    "interpreter",
    "escalated",
    "ended_early",
    "reflection_went_well",
    "reflection_next_time",
    "preparation_notes",
    "staff_seconds",
    "parent_seconds",
    "score_percentage",
    "score_scored",
    "score_applicable",
    "created_at",
    "updated_at",
    "version",
    "idempotency_key",
    "author_id",
    "child_id",
    "location_id",
    "day",
)
FOLLOWUP_COLUMNS = (
    "id",
    "description",
    "due_date",
    "done_at",
    "created_at",
    "conversation_id",
    "owner_parent_id",
    "owner_staff_id",
    "location_id",
)
FEEDBACK_COLUMNS = (
    "id",
    "went_well",
    "next_time",
    "created_at",
    "read_at",
    "author_id",
    "conversation_id",
    "tip_id",
    "recipient_id",
)
CHILD_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "date_of_birth",
    "start_date",
    "end_date",
    "created_at",
    "updated_at",
    "group_id",
    "location_id",
    "mentor_id",
)
PARENT_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_language",
    "interpreter_needed",
    "likes_to_help_with",
    "created_at",
    "updated_at",
    "organization_id",
)
LINK_COLUMNS = (
    "id",
    "relationship",
    "has_parental_authority",
    "is_primary_contact",
    "child_id",
    "parent_id",
)
