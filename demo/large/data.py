"""What the large seed is made of: sizes per unit of scale, names, texts, proportions."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from gesprekken.vocabulary import (
    ConversationKind,
    OwnStance,
    ParentStance,
    Tone,
    Topic,
)

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

TOPIC_WEIGHTS = (
    (Topic.DEVELOPMENT, 16),
    (Topic.SLEEP, 12),
    (Topic.FOOD, 12),
    (Topic.BEHAVIOUR, 10),
    (Topic.PLAY, 8),
    (Topic.HEALTH, 8),
    (Topic.SETTLING, 6),
    (Topic.HOME, 6),
    (Topic.LANGUAGE, 6),
    (Topic.TOILET, 5),
    (Topic.PARTICIPATION, 6),
    (Topic.SCHOOL, 5),
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
    (ConversationKind.DROP_OFF, 44.0),
    (ConversationKind.PICK_UP, 42.0),
    (ConversationKind.PHONE, 4.5),
    (ConversationKind.TEN_MINUTE, 5.0),
    (ConversationKind.EVALUATION, 2.0),
    (ConversationKind.CARE, 1.3),
    (ConversationKind.OTHER, 1.2),
)
HANDOVER_TIPS = (1, 2, 5, 6, 9, 10)
TONES = ((Tone.GOOD, 60), (Tone.NEUTRAL, 32), (Tone.DIFFICULT, 8))
OWN_STANCES = ((OwnStance.BESIDE, 70), (OwnStance.UNDER, 15), (OwnStance.ABOVE, 10), ("", 5))
# A family's usual stance.
PARENT_STANCES = ((ParentStance.EQUAL, 75), (ParentStance.TIMID, 15), (ParentStance.DOMINANT, 10))

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
