"""The ten tips for an equal partnership with parents, as data.

Stated in our own words, faithful to the tips of trainer Harriet Marseille
(Ouderbetrokkenheid-Plus) in the article on equal partnership with parents.
"""

from django.db import migrations

SOURCE_NL = (
    "Naar de tien tips voor een gelijkwaardige samenwerking met ouders van trainer en coach "
    "Harriet Marseille (Ouderbetrokkenheid-Plus), in eigen woorden."
)
SOURCE_EN = (
    "After the ten tips for an equal partnership with parents by trainer and coach "
    "Harriet Marseille (Ouderbetrokkenheid-Plus), in our own words."
)

TIPS = [
    (1, "always", False,
     "Wees open en benaderbaar",
     "Groet ouders, maak oogcontact en neem even de tijd. Een open, vriendelijke houding maakt "
     "het voor ouders makkelijker om ook lastige dingen met je te delen.",
     "Be open and approachable",
     "Greet parents, make eye contact and take a moment. An open, friendly attitude makes it "
     "easier for parents to share difficult things with you too."),
    (2, "handover", False,
     "Bouw een band bij het brengen en halen",
     "De korte momenten aan de deur zijn de basis van de samenwerking. Vertel iets concreets over "
     "de dag van het kind en vraag hoe het thuis gaat: zo leer je elkaar kennen voordat er iets "
     "moeilijks besproken moet worden.",
     "Build a bond at drop-off and pick-up",
     "The short moments at the door are the basis of the partnership. Tell something concrete about "
     "the child's day and ask how things are at home, so you know each other before anything "
     "difficult needs discussing."),
    (3, "sit_down", True,
     "Verdeel de spreektijd",
     "Zorg dat je in een gesprek ongeveer even lang aan het woord bent als de ouders. Wie zich "
     "onzeker voelt, gaat vaak veel praten om te laten zien wat hij weet. Luisteren geeft ouders "
     "ruimte; de spreektijdmeter laat zien hoe het ging.",
     "Share the speaking time",
     "Make sure you speak about as long as the parents do. When we feel unsure we tend to talk a "
     "lot to show what we know. Listening gives parents room; the speaking-time meter shows how "
     "it went."),
    (4, "participation", False,
     "Laat ouders meedoen op hun eigen manier",
     "Dring niet aan als je ouders vraagt om mee te helpen. Zie ze niet als 'extra handjes': vraag "
     "waar ze goed in zijn en wat ze graag doen, en laat hen zelf kiezen hoe ze bijdragen.",
     "Let parents take part in their own way",
     "Don't push when you ask parents to help out. They are not 'extra hands': ask what they are "
     "good at and like doing, and let them choose how they contribute."),
    (5, "always", False,
     "Sta voor je vakmanschap",
     "Je bent opgeleid om met kinderen in de opvang te werken. Wees je bewust van wat je weet en "
     "kunt, ook tegenover ouders die ouder, hoger opgeleid of veeleisend zijn. Wie zich klein "
     "maakt, nodigt ouders uit om de baas te spelen.",
     "Stand for your professionalism",
     "You are trained to work with children in childcare. Be aware of what you know and can do, "
     "also with parents who are older, more educated or demanding. Making yourself small invites "
     "parents to take over."),
    (6, "always", False,
     "Durf kwetsbaar te zijn",
     "Zeg het als je iets niet weet en vraag ouders om hulp. Begin een lastig onderwerp "
     "bijvoorbeeld met: 'Ik vind het moeilijk om dit aan te kaarten, maar ik wil graag vertellen "
     "wat ik zie en horen of jullie dat herkennen.'",
     "Dare to be vulnerable",
     "Say so when you don't know something and ask parents for help. Open a difficult topic with, "
     "for example: 'I find this hard to bring up, but I'd like to describe what I see and hear "
     "whether you recognise it.'"),
    (7, "timid_parent", False,
     "Geef timide ouders ruimte",
     "Sommige ouders, bijvoorbeeld anderstalige ouders, houden zich stil omdat ze denken dat ze "
     "niets kunnen bijdragen. Stel open vragen, wacht het antwoord af en laat merken dat je hun "
     "inbreng waardeert.",
     "Give timid parents room",
     "Some parents, for instance those who speak another language, stay quiet because they think "
     "they have nothing to add. Ask open questions, wait for the answer and show that you value "
     "their input."),
    (8, "dominant_parent", False,
     "Neem de leiding bij dominante ouders",
     "Als ouders het gesprek overnemen, neem dan rustig de leiding: geef aan hoe het gesprek gaat "
     "en hoe het in de opvang gaat. Boosheid mag, het gaat om hun kind; over je grens gaan hoeft "
     "niet. Je mag een gesprek beëindigen.",
     "Take the lead with dominant parents",
     "When parents take over the conversation, calmly take the lead: say how the conversation "
     "goes and how things are done here. Anger is fine, it is about their child; crossing your "
     "limits is not. You may end a conversation."),
    (9, "always", False,
     "Waardeer wat ouders weten",
     "Ouders kennen hun kind het best. Vraag naar hun ervaring, bijvoorbeeld het slaapritueel "
     "thuis, en gebruik die in je werk. Klaag niet over ouders.",
     "Value what parents know",
     "Parents know their child best. Ask about their experience, such as the bedtime routine at "
     "home, and use it in your work. Don't complain about parents."),
    (10, "always", False,
     "Vertrouw op ouders",
     "Jullie willen allebei het beste voor het kind. Ga ervan uit dat ouders het goed bedoelen, "
     "ook als jullie het oneens zijn: dat vertrouwen maakt samen optrekken mogelijk.",
     "Trust parents",
     "You both want the best for the child. Assume parents mean well, also when you disagree: "
     "that trust makes working together possible."),
]


def seed(apps, schema_editor):
    Checklist = apps.get_model("gesprekken", "Checklist")
    Tip = apps.get_model("gesprekken", "Tip")
    checklist, _ = Checklist.objects.update_or_create(
        is_standard=True,
        defaults={
            "name": "Tien tips voor een gelijkwaardige samenwerking met ouders",
            "source": SOURCE_NL + "\n" + SOURCE_EN,
        },
    )
    for number, applies, speaking, title_nl, guidance_nl, title_en, guidance_en in TIPS:
        Tip.objects.update_or_create(
            checklist=checklist,
            number=number,
            defaults={
                "applies": applies,
                "speaking_time": speaking,
                "title_nl": title_nl,
                "guidance_nl": guidance_nl,
                "title_en": title_en,
                "guidance_en": guidance_en,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("gesprekken", "Checklist").objects.filter(is_standard=True).delete()


class Migration(migrations.Migration):
    dependencies = [("gesprekken", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
