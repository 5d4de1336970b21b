"""Fill an empty database with a believable demo: two organisations, staff, children, parents.

The same names, families and relations on every run (one fixed seed); dates are
relative to today so every child keeps an age that fits its group. All demo users
share the well-known password in ``settings.OUDERPORTAAL_DEMO_PASSWORD``, which is
why the command refuses to run with DEBUG off unless ``--force`` is given.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from gesprekken.demo import seed_conversations
from kinderen.models import Child
from organisatie.models import CareType, Group, Location, Organization, Role, StaffMember
from ouders.models import ChildParent, Language, Parent, Relationship

SEED = 20240601

# --- Organisations, staff ------------------------------------------------------------


@dataclass(frozen=True)
class GroupSpec:
    name: str
    care_type: str
    size: int
    months: tuple[int, int]  # youngest and oldest age, in months


@dataclass(frozen=True)
class LocationSpec:
    name: str
    city: str
    groups: tuple[GroupSpec, ...]
    siblings: tuple[tuple[str, ...], ...] = ()  # one family per tuple: the children's groups
    twins: tuple[str, ...] = ()  # groups with a pair of twins


@dataclass(frozen=True)
class OrganizationSpec:
    name: str
    domain: str
    locations: tuple[LocationSpec, ...]


DAY, PRE, BSO = CareType.DAYCARE, CareType.PRESCHOOL, CareType.OUT_OF_SCHOOL

ORGANIZATIONS = (
    OrganizationSpec(
        "Kinderopvang De Regenboog",
        "regenboog.example.nl",
        (
            LocationSpec(
                "Zonnebloem",
                "Utrecht",
                (
                    GroupSpec("Rupsjes", DAY, 12, (3, 23)),
                    GroupSpec("Vlinders", DAY, 12, (18, 47)),
                    GroupSpec("Peuterklas", PRE, 10, (26, 47)),
                    GroupSpec("BSO De Ontdekkers", BSO, 16, (50, 150)),
                ),
                siblings=(
                    ("Rupsjes", "BSO De Ontdekkers"),
                    ("Vlinders", "BSO De Ontdekkers"),
                    ("Rupsjes", "Peuterklas", "BSO De Ontdekkers"),
                ),
                twins=("Vlinders",),
            ),
            LocationSpec(
                "Klaproos",
                "Nieuwegein",
                (
                    GroupSpec("Egeltjes", DAY, 11, (3, 47)),
                    GroupSpec("Uiltjes", PRE, 8, (26, 47)),
                    GroupSpec("BSO Avonturiers", BSO, 11, (50, 150)),
                ),
                siblings=(
                    ("Egeltjes", "BSO Avonturiers"),
                    ("Uiltjes", "BSO Avonturiers", "BSO Avonturiers"),
                    ("Egeltjes", "Uiltjes"),
                ),
            ),
        ),
    ),
    OrganizationSpec(
        "Kinderopvang Het Anker",
        "hetanker.example.nl",
        (
            LocationSpec(
                "De Haven",
                "Rotterdam",
                (
                    GroupSpec("Zeesterren", DAY, 5, (3, 47)),
                    GroupSpec("BSO De Vuurtoren", BSO, 5, (50, 150)),
                ),
                siblings=(("Zeesterren", "BSO De Vuurtoren"),),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    organization: str
    role: str
    locations: tuple[str, ...]
    groups: tuple[str, ...] = ()


REGENBOOG, ANKER = ORGANIZATIONS[0].name, ORGANIZATIONS[1].name
STAFF = (
    StaffSpec("maartje", "Maartje", "de Vries", REGENBOOG, Role.PM, ("Zonnebloem",),
              ("Rupsjes", "Vlinders")),
    StaffSpec("joost", "Joost", "Bakker", REGENBOOG, Role.PM, ("Zonnebloem",),
              ("Peuterklas", "BSO De Ontdekkers")),
    StaffSpec("sanne", "Sanne", "Willems", REGENBOOG, Role.PM, ("Zonnebloem",),
              ("Vlinders", "BSO De Ontdekkers")),
    StaffSpec("ayse", "Ayşe", "Yılmaz", REGENBOOG, Role.PM, ("Klaproos",),
              ("Egeltjes", "Uiltjes")),
    StaffSpec("fatima", "Fatima", "Ouali", REGENBOOG, Role.PM, ("Klaproos",),
              ("Egeltjes", "BSO Avonturiers")),
    StaffSpec("linda", "Linda", "Jansen", REGENBOOG, Role.MANAGER, ("Zonnebloem", "Klaproos")),
    StaffSpec("beheer", "Beheer", "De Regenboog", REGENBOOG, Role.ADMIN,
              ("Zonnebloem", "Klaproos")),
    StaffSpec("pieter", "Pieter", "Visser", ANKER, Role.PM, ("De Haven",),
              ("Zeesterren", "BSO De Vuurtoren")),
    StaffSpec("noor", "Noor", "Bouzid", ANKER, Role.PM, ("De Haven",), ("Zeesterren",)),
)  # fmt: skip


@dataclass
class SeededStaff:
    member: StaffMember
    locations: list[Location]
    groups: list[Group]


@dataclass
class SeedResult:
    counts: dict[str, int]
    conversations: dict[str, int]
    staff: list[SeededStaff]


# Care starts no earlier than 10 weeks (day care), 2 years (preschool), school age (bso).
ENTRY_DAYS = {DAY: 70, PRE: 730, BSO: 1461}
DAYS_PER_MONTH = 365.25 / 12

# --- Families ---------------------------------------------------------------------------


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(","))


@dataclass(frozen=True)
class Background:
    weight: int
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]  # "Kowalski/Kowalska": masculine/feminine form
    languages: tuple[str, ...] = (Language.DUTCH,)
    home_language: float = 0.0  # chance a parent prefers the home language to Dutch
    interpreter: float = 0.0  # chance such a parent wants an interpreter
    own_surname: float = 0.3  # chance the mother's surname differs from the father's
    helps: tuple[str, ...] = ()


BACKGROUNDS = {
    "nederlands": Background(
        44,
        _names("Daan, Sem, Luuk, Noah, Lucas, Finn, Milan, Levi, Bram, Jesse, Thijs, Ties, "
               "Mees, Siem, Jens, Gijs, Teun, Olivier, Julian, Sven, Hugo, Boaz, Guus, Floris"),
        _names("Emma, Julia, Tess, Sophie, Mila, Zoë, Sara, Nora, Evi, Lotte, Fenna, Saar, "
               "Anna, Liv, Noor, Yara, Fleur, Isa, Lieke, Roos, Jasmijn, Hannah, Puck, Maud"),
        _names("Anouk, Marieke, Esther, Femke, Ilse, Kim, Lisa, Eva, Charlotte, Joyce, Mirjam, "
               "Inge, Renske, Laura, Manon, Iris, Floor, Judith, Annemiek, Marloes"),
        _names("Jeroen, Mark, Bas, Tim, Sander, Rick, Niels, Joris, Martijn, Wouter, Thomas, "
               "Erik, Stefan, Dennis, Koen, Maarten, Arjen, Jasper, Vincent, Gert-Jan"),
        _names("de Jong, van den Berg, van Dijk, Smit, Meijer, de Boer, Mulder, de Groot, Bos, "
               "Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, "
               "de Graaf, van der Meer, van der Linden, Kok, Jacobs, de Haan, Vermeulen, "
               "van den Heuvel, Hoekstra, Koster, Prins, Postma, Verbeek, Kuipers, van Vliet, "
               "Timmermans, Groen, Schouten, Molenaar, Huisman, Kramer, de Bruijn, Veenstra, "
               "Blom, Sanders, van Wijk, Wolters, Boersma, Kersten, Lammers"),
    ),
    "marokkaans": Background(
        10,
        _names("Adam, Yassin, Ayoub, Bilal, Amir, Rayan, Zakaria, Ilyas, Imran, Younes, Anas"),
        _names("Amira, Yasmina, Nour, Salma, Ines, Hiba, Malak, Aya, Lina, Dounia, Ikram"),
        _names("Fatima, Khadija, Naima, Samira, Latifa, Hanan, Soufia, Loubna, Nadia, Siham"),
        _names("Mohamed, Ahmed, Youssef, Mustafa, Karim, Hamid, Rachid, Said, Hicham, Nordin"),
        _names("El Amrani, El Idrissi, Benali, Azzouzi, El Khattabi, Boukhari, Tahiri, "
               "Chaouch, El Hadioui, Akkouh, Ait Taleb, Boutaleb"),
        (Language.ARABIC, Language.TAMAZIGHT), 0.35, 0.4, 0.9,
        _names("voorlezen in het Arabisch, verhalen vertellen in het Tamazight, "
               "Marokkaanse hapjes maken voor het Suikerfeest"),
    ),
    "turks": Background(
        8,
        _names("Emir, Yusuf, Mert, Kerem, Efe, Ali, Deniz, Arda, Burak, Eren, Alperen, Kaan"),
        _names("Elif, Zeynep, Defne, Ecrin, Azra, Eylül, Nehir, Asya, Meryem, Ela, Miray, Duru"),
        _names("Emine, Hatice, Gül, Songül, Fatma, Özlem, Derya, Sibel, Esra, Büşra, Tuğba"),
        _names("Mehmet, Mustafa, Hasan, Hüseyin, İbrahim, Osman, Murat, Kemal, Serkan, Emre"),
        _names("Yıldırım, Kaya, Demir, Şahin, Çelik, Yıldız, Öztürk, Aydın, Arslan, Doğan, "
               "Kılıç, Koç, Kurt, Özdemir"),
        (Language.TURKISH,), 0.3, 0.35, 0.2,
        _names("Turkse liedjes zingen, gözleme bakken, voorlezen in het Turks"),
    ),
    "surinaams": Background(
        7,
        _names("Jayden, Rohan, Dylan, Kevin, Anand, Shane, Xavi, Damian, Rishi, Jamal"),
        _names("Shanaya, Priya, Naomi, Kiara, Anjali, Jaylinn, Chanel, Amaya, Sarita, Zoey"),
        _names("Sharmila, Chantal, Ingrid, Radjeshwarie, Sandra, Patricia, Nisha, Kavita, "
               "Marcia, Gail"),
        _names("Ravi, Roy, Sunil, Romano, Clyde, Ricardo, Dinesh, Anil, Marlon, Glenn"),
        _names("Ramdin, Sewnath, Pinas, Wijngaarde, Biharie, Jagroep, Doelwijt, Mahabier, "
               "Kromodimedjo, Sedney, Bhola, Ramsaran"),
        own_surname=0.4,
        helps=_names("roti maken, muziek maken (percussie), het Keti Koti-feest mee voorbereiden"),
    ),
    "pools": Background(
        6,
        _names("Jakub, Szymon, Filip, Kacper, Antoni, Jan, Franciszek, Mikołaj, Wojciech, Igor"),
        _names("Zuzanna, Julia, Maja, Hanna, Zofia, Lena, Alicja, Oliwia, Pola, Łucja"),
        _names("Agnieszka, Katarzyna, Magdalena, Joanna, Monika, Ewa, Małgorzata, Karolina"),
        _names("Piotr, Krzysztof, Tomasz, Paweł, Marcin, Michał, Łukasz, Grzegorz, Bartosz"),
        _names("Kowalski/Kowalska, Nowak, Wiśniewski/Wiśniewska, Wójcik, Kamiński/Kamińska, "
               "Lewandowski/Lewandowska, Zieliński/Zielińska, Woźniak, Dąbrowski/Dąbrowska, "
               "Mazur, Krawczyk, Kaczmarek"),
        (Language.POLISH,), 0.4, 0.25, 0.1,
        _names("pierogi maken, voorlezen in het Pools, fietsen repareren"),
    ),
    "syrisch": Background(
        5,
        _names("Omar, Ahmad, Khaled, Hamza, Tarek, Yamen, Karam, Ammar, Zaid, Majd"),
        _names("Lana, Rahaf, Joud, Rama, Sham, Maya, Hala, Tala, Leen, Judy"),
        _names("Rasha, Hiba, Reem, Dima, Ghada, Noura, Lama, Rania, Alaa, Manal"),
        _names("Mohammad, Ahmad, Khaled, Abdullah, Bashar, Firas, Samer, Wael, Ghassan"),
        _names("Al-Hassan, Haddad, Al-Khatib, Darwish, Al-Masri, Kassab, Al-Ahmad, Shami, "
               "Sabbagh, Al-Halabi, Mardini"),
        (Language.ARABIC,), 0.75, 0.6, 0.9,
        _names("voorlezen in het Arabisch, Syrische gerechten koken, muziek maken op de oud"),
    ),
    "eritrees": Background(
        3,
        _names("Yonas, Dawit, Robel, Natnael, Filmon, Abel, Henok, Aron"),
        _names("Selam, Hermela, Saba, Luwam, Winta, Ruth, Yordanos, Helen"),
        _names("Senait, Helen, Tsega, Mebrat, Azieb, Lemlem, Freweini, Mihret"),
        _names("Tesfay, Kidane, Goitom, Habte, Yohannes, Berhane, Samuel, Mehari"),
        _names("Tesfamariam, Ghebremedhin, Haile, Tekle, Weldemichael, Berhe, Ghebreyesus, "
               "Habtemariam"),
        (Language.TIGRINYA,), 0.8, 0.7, 0.95,
        _names("verhalen vertellen in het Tigrinya, de koffieceremonie laten zien, injera bakken"),
    ),
    "oekraiens": Background(
        5,
        _names("Maksym, Artem, Oleksandr, Bohdan, Danylo, Matvii, Mykyta, Ivan"),
        _names("Sofiia, Anastasiia, Solomiia, Zlata, Veronika, Mariia, Polina, Khrystyna"),
        _names("Olena, Iryna, Tetiana, Nataliia, Oksana, Yuliia, Svitlana, Kateryna"),
        _names("Andrii, Serhii, Dmytro, Oleh, Volodymyr, Ihor, Yurii, Vitalii"),
        _names("Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Boiko, Koval, "
               "Oliinyk, Lysenko"),
        (Language.UKRAINIAN,), 0.7, 0.5, 0.1,
        _names("Oekraïense liedjes zingen, paaseieren beschilderen, varenyky maken"),
    ),
    "somalisch": Background(
        2,
        _names("Abdi, Mahad, Liban, Yusuf, Guled, Ayanle"),
        _names("Hodan, Ayaan, Fardowsa, Nasra, Sagal, Ifrah"),
        _names("Hawa, Amina, Sahra, Faduma, Hibaaq, Ubah"),
        _names("Abdirahman, Mohamed, Hassan, Abdullahi, Ismail, Abdiweli"),
        _names("Farah, Warsame, Jama, Osman, Mohamud, Abdi"),
        (Language.SOMALI,), 0.7, 0.6, 0.95,
        _names("verhalen vertellen in het Somalisch, sambusa bakken"),
    ),
    "engels": Background(
        3,
        _names("Oliver, Jack, Leo, Arthur, Harry, George"),
        _names("Olivia, Amelia, Isla, Grace, Ava, Chloe"),
        _names("Sarah, Emily, Rachel, Claire, Jessica, Rebecca"),
        _names("James, David, Daniel, Matthew, Andrew, Ben"),
        _names("Smith, Taylor, Brown, Wilson, Evans, Walker, Murphy, O'Brien"),
        (Language.ENGLISH,), 0.7, 0.0, 0.3,
        _names("voorlezen in het Engels, voetballen"),
    ),
    "spaans": Background(
        2,
        _names("Mateo, Santiago, Diego, Pablo, Álvaro"),
        _names("Lucía, Valentina, Martina, Sofía, Camila"),
        _names("María, Carmen, Paula, Andrea, Gabriela"),
        _names("Carlos, Javier, Alejandro, Miguel, Luis"),
        _names("García, Rodríguez, Martínez, López, Fernández, Pérez"),
        (Language.SPANISH,), 0.6, 0.2, 0.9,
        _names("dansen, Spaanse liedjes zingen"),
    ),
}  # fmt: skip

GENERAL_HELPS = _names(
    "koken, tuinieren, muziek maken, knutselen, voorlezen, bakken, fietsen repareren, "
    "kleine klusjes en timmeren, foto's maken bij feesten, meegaan met uitstapjes, "
    "buitenspelen en sport, verkleedkleren naaien, de moestuin bijhouden, gitaar spelen"
)

FAMILY_KINDS = {
    "couple": 66,
    "separated": 14,
    "single_mother": 8,
    "single_father": 2,
    "two_mothers": 5,
    "foster": 5,
}


@dataclass
class ParentPlan:
    parent: Parent
    relationship: str
    has_parental_authority: bool = True


@dataclass
class FamilyPlan:
    parents: list[ParentPlan]
    primary: int  # index of the primary contact in parents
    child_surname: str  # surname base ("Kowalski/Kowalska"), gendered per child
    child_backgrounds: tuple[str, ...]
    children: list[Child] = field(default_factory=list)


def _gendered(surname: str, *, female: bool) -> str:
    masculine, _slash, feminine = surname.partition("/")
    return feminine if female and feminine else masculine


_ASCII = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "ß": "ss"})


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(_ASCII)).encode("ascii", "ignore")
    return "".join(char for char in ascii_text.decode().lower() if char.isalnum())


def _birthday(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # born on 29 February
        return day.replace(year=day.year + years, day=28)


class DemoBuilder:
    """Plans families and children in memory; every choice comes from one seeded RNG."""

    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.phone_counter = 0
        self.emails: set[str] = set()
        self.child_names: set[tuple[str, str]] = set()
        self.parent_names: set[tuple[str, str]] = set()
        self.used_surnames: set[str] = set()

    def background(self) -> str:
        keys = list(BACKGROUNDS)
        return self.rng.choices(keys, weights=[BACKGROUNDS[k].weight for k in keys])[0]

    def surname(self, key: str) -> str:
        pool = BACKGROUNDS[key].surnames
        fresh = [name for name in pool if name not in self.used_surnames]
        name = self.rng.choice(fresh or pool)
        self.used_surnames.add(name)
        return name

    def parent(self, organization: Organization, key: str, *, female: bool, surname: str) -> Parent:
        rng, background = self.rng, BACKGROUNDS[key]
        last_name = _gendered(surname, female=female)
        for _attempt in range(30):  # two different parents with one name would confuse
            first_name = rng.choice(background.women if female else background.men)
            if (first_name, last_name) not in self.parent_names:
                break
        self.parent_names.add((first_name, last_name))
        language, interpreter = Language.DUTCH.value, False
        if rng.random() < background.home_language:
            language = rng.choice(background.languages)
            interpreter = rng.random() < background.interpreter
        helps = ""
        if rng.random() < 0.3:
            # What a parent brings from home first: a language, a dish, a song.
            own = background.helps and rng.random() < 0.5
            ideas = [rng.choice(background.helps)] if own else []
            ideas += rng.sample([i for i in GENERAL_HELPS if i not in ideas], 2)
            helps = ", ".join(ideas[: 2 if rng.random() < 0.25 else 1])
        self.phone_counter += 1
        email = ""
        if rng.random() < 0.88:
            local = f"{_slug(first_name)}.{_slug(last_name)}"
            email, n = f"{local}@example.nl", 1
            while email in self.emails:
                n += 1
                email = f"{local}{n}@example.nl"
            self.emails.add(email)
        return Parent(
            organization=organization,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=f"06 0000 {self.phone_counter:04d}",
            preferred_language=language,
            interpreter_needed=interpreter,
            likes_to_help_with=helps,
        )

    def family(self, organization: Organization) -> FamilyPlan:
        rng = self.rng
        key = self.background()
        kind = rng.choices(list(FAMILY_KINDS), weights=list(FAMILY_KINDS.values()))[0]
        if kind in {"couple", "separated"}:
            partner_key = key
            if rng.random() < 0.12:  # a mixed couple
                partner_key = "nederlands" if key != "nederlands" else self.background()
            father_surname = self.surname(key)
            father = self.parent(organization, key, female=False, surname=father_surname)
            own = BACKGROUNDS[partner_key].own_surname + (0.4 if kind == "separated" else 0.0)
            mother_surname = self.surname(partner_key) if rng.random() < own else father_surname
            mother = self.parent(organization, partner_key, female=True, surname=mother_surname)
            child_surname = father_surname if rng.random() < 0.8 else mother_surname
            authority = kind == "couple" or rng.random() < 0.7
            primary = 0 if rng.random() < (0.65 if kind == "couple" else 0.7) else 1
            plans = [
                ParentPlan(mother, Relationship.MOTHER),
                # After a separation the parent the child lives with always keeps gezag.
                ParentPlan(father, Relationship.FATHER, authority or primary == 1),
            ]
            if not authority and primary == 1:
                plans[0].has_parental_authority = False
            return FamilyPlan(plans, primary, child_surname, (key, partner_key))
        if kind in {"single_mother", "single_father"}:
            female = kind == "single_mother"
            surname = self.surname(key)
            relationship = Relationship.MOTHER if female else Relationship.FATHER
            parent = self.parent(organization, key, female=female, surname=surname)
            return FamilyPlan([ParentPlan(parent, relationship)], 0, surname, (key,))
        if kind == "two_mothers":
            surname, co_key = self.surname(key), self.background()
            co_surname = self.surname(co_key)
            plans = [
                ParentPlan(
                    self.parent(organization, key, female=True, surname=surname),
                    Relationship.MOTHER,
                ),
                ParentPlan(
                    self.parent(organization, co_key, female=True, surname=co_surname),
                    Relationship.PARENT,
                ),
            ]
            child_surname = surname if rng.random() < 0.5 else co_surname
            return FamilyPlan(plans, rng.randrange(2), child_surname, (key,))
        # Foster parents care for the child; parental authority stays elsewhere.
        child_key = self.background()
        foster_surname = self.surname(key)
        plans = [
            ParentPlan(
                self.parent(organization, key, female=True, surname=foster_surname),
                Relationship.FOSTER,
                False,
            )
        ]
        if rng.random() < 0.6:
            foster_father = self.parent(organization, key, female=False, surname=foster_surname)
            plans.append(ParentPlan(foster_father, Relationship.FOSTER, False))
        return FamilyPlan(plans, 0, self.surname(child_key), (child_key,))

    def child_name(self, family: FamilyPlan, *, female: bool) -> tuple[str, str]:
        background = BACKGROUNDS[self.rng.choice(family.child_backgrounds)]
        last_name = _gendered(family.child_surname, female=female)
        siblings = {child.first_name for child in family.children}
        for _attempt in range(30):
            first_name = self.rng.choice(background.girls if female else background.boys)
            if first_name not in siblings and (first_name, last_name) not in self.child_names:
                break
        self.child_names.add((first_name, last_name))
        return first_name, last_name

    def age_in_days(self, spec: GroupSpec, taken: list[int]) -> int:
        low, high = (round(m * DAYS_PER_MONTH) for m in spec.months)
        age = self.rng.randint(low, high)
        for _attempt in range(50):  # siblings (not twins) are at least ten months apart
            if all(abs(age - other) >= 300 for other in taken):
                break
            age = self.rng.randint(low, high)
        return age

    def child(
        self,
        family: FamilyPlan,
        group: Group,
        spec: GroupSpec,
        mentors: list[SeededStaff],
        *,
        twin_of: Child | None = None,
        taken_ages: list[int],
    ) -> Child:
        rng, today = self.rng, self.today
        female = rng.random() < 0.5
        first_name, last_name = self.child_name(family, female=female)
        age = (
            (today - twin_of.date_of_birth).days if twin_of else self.age_in_days(spec, taken_ages)
        )
        taken_ages.append(age)
        date_of_birth = today - datetime.timedelta(days=age)
        entry = ENTRY_DAYS[spec.care_type]
        start_date = date_of_birth + datetime.timedelta(
            days=entry + rng.randint(0, age - entry - 7)
        )
        if twin_of:
            start_date = twin_of.start_date
        end_date = None
        if spec.care_type != BSO and age >= round(44 * DAYS_PER_MONTH):
            end_date = _birthday(date_of_birth, 4) - datetime.timedelta(days=1)  # off to school
        elif spec.care_type == BSO and age >= round(144 * DAYS_PER_MONTH):
            end_date = today + datetime.timedelta(days=rng.randint(30, 150))  # secondary school
        child = Child(
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            group=group,
            location=group.location,  # bulk_create skips Child.save(), which sets this
            start_date=start_date,
            end_date=end_date,
            mentor=rng.choice([s for s in mentors if group in s.groups] or mentors).member,
        )
        family.children.append(child)
        return child


def _bulk_create(model: type[models.Model], objects: list) -> list:
    """bulk_create, recording history too once the model has it (simple_history)."""
    try:
        get_history_manager_for_model(model)
    except NotHistoricalModelError:
        return model._default_manager.bulk_create(objects)
    return bulk_create_with_history(objects, model, default_change_reason="demo data")


class Command(BaseCommand):
    help = (
        "Fill an empty database with demo organisations, staff, children and parents. "
        "Demo users get the well-known password from OUDERPORTAAL_DEMO_PASSWORD."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds an organisation.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (never on a database with real users).",
        )

    def handle(self, *args: object, if_empty: bool, force: bool, **options: object) -> None:
        # Checks and writes in one transaction: two `make run`s at once cannot both seed.
        with transaction.atomic():
            existing = Organization.objects.count()
            if existing and if_empty:
                self.stdout.write(
                    f"Database already holds {existing} organisation(s): demo data not seeded."
                )
                return
            self.check_allowed(existing, force=force)
            result = self.seed(random.Random(SEED), timezone.localdate())
        self.report(result)

    def check_allowed(self, existing: int, *, force: bool) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to seed demo data with DEBUG off: every demo user gets the "
                f"well-known password '{settings.OUDERPORTAAL_DEMO_PASSWORD}'. "
                "Use --force if this really is a throwaway database."
            )
        if existing:
            raise CommandError(
                f"The database already holds {existing} organisation(s). Use --if-empty to "
                "keep existing data, or seed a fresh database (delete it and migrate again)."
            )
        usernames = [spec.username for spec in STAFF]
        users = get_user_model().objects.filter(username__in=usernames)
        if taken := sorted(users.values_list("username", flat=True)):
            raise CommandError(f"Demo user name(s) already taken: {', '.join(taken)}.")

    def seed(self, rng: random.Random, today: datetime.date) -> SeedResult:
        organizations: dict[str, Organization] = {}
        locations: dict[tuple[str, str], Location] = {}
        groups: dict[tuple[str, str], Group] = {}
        for org_spec in ORGANIZATIONS:
            organization = Organization.objects.create(name=org_spec.name)
            organizations[org_spec.name] = organization
            for location_spec in org_spec.locations:
                location = Location.objects.create(
                    organization=organization, name=location_spec.name, city=location_spec.city
                )
                locations[org_spec.name, location.name] = location
                for group_spec in location_spec.groups:
                    groups[org_spec.name, group_spec.name] = Group.objects.create(
                        location=location, name=group_spec.name, care_type=group_spec.care_type
                    )

        staff = self.create_staff(organizations, locations, groups)

        builder = DemoBuilder(rng, today)
        families: list[FamilyPlan] = []
        for org_spec in ORGANIZATIONS:
            organization = organizations[org_spec.name]
            for location_spec in org_spec.locations:
                location = locations[org_spec.name, location_spec.name]
                mentors = [s for s in staff if s.member.role == Role.PM and location in s.locations]
                specs = {spec.name: spec for spec in location_spec.groups}
                free = {spec.name: spec.size for spec in location_spec.groups}
                plans = [(names, False) for names in location_spec.siblings]
                plans += [((name, name), True) for name in location_spec.twins]
                for names, _twins in plans:
                    for name in names:
                        free[name] -= 1
                plans += [((name,), False) for name, left in free.items() for _ in range(left)]
                for names, is_twins in plans:
                    family = builder.family(organization)
                    ages: list[int] = []
                    for position, name in enumerate(names):
                        builder.child(
                            family,
                            groups[org_spec.name, name],
                            specs[name],
                            mentors,
                            twin_of=family.children[0] if is_twins and position else None,
                            taken_ages=ages,
                        )
                    families.append(family)

        parents = [plan.parent for family in families for plan in family.parents]
        _bulk_create(Parent, parents)
        children = [child for family in families for child in family.children]
        _bulk_create(Child, children)
        links = [
            ChildParent(
                child=child,
                parent=plan.parent,
                relationship=plan.relationship,
                has_parental_authority=plan.has_parental_authority,
                is_primary_contact=index == family.primary,
            )
            for family in families
            for child in family.children
            for index, plan in enumerate(family.parents)
        ]
        _bulk_create(ChildParent, links)

        conversations = {
            name: seed_conversations(organization=organization, rng=rng, today=today)
            for name, organization in organizations.items()
        }
        counts = {
            "organisations": len(organizations),
            "locations": len(locations),
            "groups": len(groups),
            "children": len(children),
            "parents": len(parents),
            "users": len(staff),
        }
        return SeedResult(counts, conversations, staff)

    def create_staff(
        self,
        organizations: dict[str, Organization],
        locations: dict[tuple[str, str], Location],
        groups: dict[tuple[str, str], Group],
    ) -> list[SeededStaff]:
        user_model = get_user_model()
        # One hash for everyone: Argon2 costs ~50 ms per call.
        encoded = make_password(settings.OUDERPORTAAL_DEMO_PASSWORD)
        domains = {spec.name: spec.domain for spec in ORGANIZATIONS}
        users = []
        for spec in STAFF:
            user = user_model(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@{domains[spec.organization]}",
                is_staff=spec.role == Role.ADMIN,
                is_superuser=spec.role == Role.ADMIN,
            )
            user.password = encoded
            users.append(user)
        user_model.objects.bulk_create(users)
        staff = [
            SeededStaff(
                StaffMember(
                    user=user, organization=organizations[spec.organization], role=spec.role
                ),
                [locations[spec.organization, name] for name in spec.locations],
                [groups[spec.organization, name] for name in spec.groups],
            )
            for spec, user in zip(STAFF, users, strict=True)
        ]
        _bulk_create(StaffMember, [seeded.member for seeded in staff])
        StaffMember.locations.through.objects.bulk_create(
            StaffMember.locations.through(staffmember=seeded.member, location=location)
            for seeded in staff
            for location in seeded.locations
        )
        StaffMember.groups.through.objects.bulk_create(
            StaffMember.groups.through(staffmember=seeded.member, group=group)
            for seeded in staff
            for group in seeded.groups
        )
        return staff

    def report(self, result: SeedResult) -> None:
        write = self.stdout.write
        write(self.style.SUCCESS("Demo data seeded."))
        for label, number in result.counts.items():
            write(f"  {label:<14} {number}")
        for name, number in result.conversations.items():
            write(f"  {'conversations':<14} {number} ({name})")
        write(f"Demo users (password '{settings.OUDERPORTAAL_DEMO_PASSWORD}'):")
        for seeded in result.staff:
            member = seeded.member
            where = ", ".join(location.name for location in seeded.locations)
            if seeded.groups:
                where += " (" + ", ".join(group.name for group in seeded.groups) + ")"
            write(
                f"  {member.user.username:<8} {member.display_name:<22} {member.role:<8} "
                f"{member.organization.name}: {where}"
            )
