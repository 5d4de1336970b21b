"""The demo organisations, staff and family backgrounds that seed_demo builds from."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from organisatie.models import CareType, Role
from ouders.models import Language

if TYPE_CHECKING:
    from kinderen.models import Child
    from organisatie.models import Group, Location, StaffMember
    from ouders.models import Parent

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
