"""The portal's demo content, loaded by `manage.py load_demo` (and so by `make run`).

Everything here is invented for the demo: the faculty, venues, fees, cohorts and applicants.
Staff replace it with the institute's own wording and data through the admin.

Dates are not fixed, so that the catalogue always looks current. A date is a number of weeks
counted from the Monday of the current week: 0 is this week's Monday, 3 the Monday three weeks
later, -10 a Monday ten weeks ago. A module can start on another day of its week ("weekday").
Applications close at the latest in the week the first module starts.
"""

# Daily hours of a module, local time in the training's time zone.
FULL_DAYS = ("09:00", "17:00")
LONG_DAYS = ("08:30", "17:30")
WEEKEND_DAYS = ("09:30", "17:30")
ONLINE_MORNINGS = ("09:00", "14:30")
ONLINE_AFTERNOONS = ("13:00", "18:30")

# Module titles by track; a module without a title of its own takes its number's title.
MODULE_TITLES = {
    "clinical": [
        "Foundations: the theory and the couples dialogue",
        "Childhood wounds, adaptations and the power struggle",
        "Anger, frustration and restoring connection",
        "Integration: the therapist's own story and case presentations",
    ],
    "professional-facilitator": [
        "The dialogue as a tool for every profession",
        "Safety, difference and conflict in groups",
        "Bringing Imago into your own field",
    ],
    "online-first-module": [
        "Foundations: the theory and the couples dialogue (online)",
    ],
}

TRACKS = [
    {
        "slug": "clinical",
        "name": "Clinical Track",
        "name_es": "Formación clínica",
        "name_de": "Klinische Ausbildung",
        "summary_es": (
            "La formación completa en Terapia de Pareja Imago para psicoterapeutas, psicólogos "
            "y consejeros que quieren poner el trabajo con parejas en el centro de su práctica."
        ),
        "summary_de": (
            "Die vollständige Ausbildung in Imago-Paartherapie für Psychotherapeutinnen, "
            "Psychologen und Beraterinnen, die die Arbeit mit Paaren ins Zentrum stellen wollen."
        ),
        "audience_es": (
            "Profesionales clínicos con formación para ejercer la psicoterapia que quieren "
            "trabajar con parejas de una forma estructurada y esperanzadora."
        ),
        "audience_de": (
            "Klinisch ausgebildete Fachleute, die psychotherapeutisch arbeiten dürfen und Paare "
            "strukturiert und zuversichtlich begleiten möchten."
        ),
        "prerequisites_es": (
            "Un máster o un título superior en psicología, trabajo social o teología práctica, "
            "o una habilitación para ejercer la psicoterapia en tu país. Se envía un breve CV y "
            "una copia del título o de la habilitación."
        ),
        "prerequisites_de": (
            "Ein Master oder höherer Abschluss in Psychologie, Sozialer Arbeit oder Praktischer "
            "Theologie, oder eine Zulassung zur Psychotherapie in Ihrem Land. Sie schicken einen "
            "kurzen Lebenslauf und eine Kopie des Abschlusses oder der Zulassung."
        ),
        "position": 1,
        "minimum_degree": "master",
        "degree_fields": ["psychology", "social_work", "practical_theology"],
        "licence_qualifies": True,
        "summary": (
            "The full training in Imago Relationship Therapy for psychotherapists, psychologists "
            "and counsellors who want couples work at the centre of their practice."
        ),
        "audience": (
            "Clinicians: people trained to practise psychotherapy who want to work with couples "
            "in a structured, hopeful way. Many come with years of individual work behind them "
            "and want a clear method for the moment two people sit in the room together."
        ),
        "prerequisites": (
            "A Master's degree or higher in psychology, social work or practical theology, "
            "or a qualification that lets you practise psychotherapy in your country. "
            "Applicants send a short CV and a copy of the degree or licence; the trainers may "
            "ask for a conversation before confirming a place."
        ),
        "structure": (
            "Four modules of four or five days each, spread over about a year, with roughly "
            "130 contact hours of teaching, live demonstrations and practice in small groups. "
            "Between the modules you work with couples in your own practice and bring recorded "
            "sessions to supervision: at least 20 hours in small groups, online or in person, "
            "and 5 individual hours. Some cohorts teach the first module online."
        ),
        "pathway": (
            "When the modules, the supervision hours, a written case study and a recorded "
            "session are complete, you are certified as an Imago Relationship Therapist and can "
            "be listed in the international directory of therapists. Certified therapists can "
            "go on to train as workshop presenters and supervisors, and later join the faculty."
        ),
    },
    {
        "slug": "professional-facilitator",
        "name": "Professional Facilitator Training",
        "name_es": "Formación de Facilitadores Profesionales",
        "name_de": "Ausbildung zum Professional Facilitator",
        "summary_es": (
            "El diálogo Imago y sus habilidades relacionales para profesionales que no son "
            "terapeutas: clérigos, docentes, responsables de RR. HH., médicos, coaches."
        ),
        "summary_de": (
            "Der Imago-Dialog und seine Beziehungskompetenzen für Fachleute, die nicht "
            "therapeutisch arbeiten: Geistliche, Lehrkräfte, Personalverantwortliche, Ärztinnen."
        ),
        "audience_es": (
            "Personas cuyo trabajo gira en torno a las relaciones y que quieren llevar los "
            "principios de Imago a su propio campo: parroquias, escuelas, equipos, consultas."
        ),
        "audience_de": (
            "Menschen, deren Arbeit von Beziehungen lebt und die Imago in ihr eigenes Feld "
            "tragen wollen: in Gemeinden, Schulen, Teams und Praxen."
        ),
        "prerequisites_es": (
            "No hace falta un título clínico. Conviene trabajar, con sueldo o como voluntario, "
            "en un lugar donde puedas practicar el diálogo entre los módulos."
        ),
        "prerequisites_de": (
            "Ein klinischer Abschluss ist nicht nötig. Sie sollten beruflich oder ehrenamtlich "
            "dort arbeiten, wo Sie den Dialog zwischen den Modulen üben können."
        ),
        "position": 2,
        "minimum_degree": "none",
        "degree_fields": [],
        "licence_qualifies": False,
        "summary": (
            "Imago's dialogue and relational skills for professionals who are not therapists: "
            "clergy, teachers, HR managers, doctors, coaches."
        ),
        "audience": (
            "Anyone whose work is about people and relationships and who wants to bring Imago "
            "principles into their own field: clergy and pastoral workers, teachers and school "
            "leaders, HR managers, doctors and nurses, mediators and coaches. Clinicians who "
            "want the dialogue skills without the full clinical training are welcome too."
        ),
        "prerequisites": (
            "No clinical degree is needed. You should be working, paid or as a volunteer, "
            "in a setting where you can practise the dialogue with others between the modules."
        ),
        "structure": (
            "Three modules of three days, about 65 contact hours in all, usually from Thursday or "
            "Friday so that the training fits next to a working week. Between the modules, "
            "trainees meet in practice pairs and join three online coaching sessions."
        ),
        "pathway": (
            "Graduates receive the certificate of Imago Professional Facilitator and can lead "
            "dialogue sessions and short workshops in their own profession: in a school, a "
            "congregation, a team or a clinic. The certificate does not qualify you to offer "
            "couples therapy; facilitators who meet the clinical prerequisites can continue in "
            "the Clinical Track."
        ),
    },
    {
        "slug": "online-first-module",
        "name": "Online first module",
        "name_es": "Primer módulo en línea",
        "name_de": "Erstes Modul online",
        "summary_es": (
            "Empieza la formación desde tu consulta: el primer módulo se imparte en directo en "
            "línea, antes de unirte a un grupo presencial."
        ),
        "summary_de": (
            "Beginnen Sie die Ausbildung an Ihrem Arbeitsplatz: Das erste Modul findet live "
            "online statt, bevor Sie in eine Präsenzgruppe wechseln."
        ),
        "position": 3,
        "opens": "clinical",
        "summary": (
            "Begin the training from your own office: the first module is taught live online, "
            "before you join an in-person group."
        ),
        "audience": (
            "People who cannot travel for the first module, or who want to start before a "
            "training is scheduled near them."
        ),
        "prerequisites": (
            "The prerequisites of the Clinical Track, which this module opens: a Master's degree "
            "or higher in psychology, social work or practical theology, or a qualification "
            "that lets you practise psychotherapy in your country."
        ),
        "structure": (
            "Five days of live teaching online, about 28 contact hours, in sessions of five "
            "hours or so a day at times set for the organisers' time zone. Demonstrations, "
            "practice in breakout rooms of three, and no travel. A camera and a quiet room are "
            "all you need."
        ),
        "pathway": (
            "The module counts as the first module of the Clinical Track. Afterwards you join "
            "the second module of an in-person cohort, in your country or abroad, and continue "
            "towards certification from there."
        ),
    },
]

TRAINERS = [
    {
        "slug": "lucia-ferreyra",
        "name": "Lucía Ferreyra",
        "country": "AR",
        "city": "Buenos Aires",
        "languages": ["es", "en"],
        "tracks": ["clinical", "professional-facilitator", "online-first-module"],
        "email": "lucia.ferreyra@imago-faculty.example",
        "is_contact_public": True,
        "bio": (
            "A clinical psychologist who has seen couples in her Buenos Aires practice for more "
            "than twenty years. Lucía has taught the Clinical Track in Argentina, Uruguay and "
            "Chile and leads the Spanish-language online cohorts."
        ),
    },
    {
        "slug": "javier-ortega",
        "name": "Javier Ortega Blasco",
        "country": "ES",
        "city": "Madrid",
        "languages": ["es", "en"],
        "tracks": ["clinical"],
        "email": "javier.ortega@imago-faculty.example",
        "is_contact_public": False,
        "bio": (
            "Family therapist and former hospital psychologist. Javier came to couples work "
            "through the families he met on the wards, and now divides his time between his "
            "practice in Madrid and teaching in Spain and Latin America."
        ),
    },
    {
        "slug": "katrin-albrecht",
        "name": "Katrin Albrecht",
        "country": "DE",
        "city": "Berlin",
        "languages": ["de", "en", "nl"],
        "tracks": ["clinical", "professional-facilitator", "online-first-module"],
        "email": "katrin.albrecht@imago-faculty.example",
        "is_contact_public": True,
        "bio": (
            "Psychotherapist in Berlin with a background in systemic and body-oriented work. "
            "Katrin did her own training in the Netherlands, which is why she also teaches in "
            "Dutch, and she supervises German-speaking trainees online."
        ),
    },
    {
        "slug": "marloes-de-wit",
        "name": "Marloes de Wit",
        "country": "NL",
        "city": "Utrecht",
        "languages": ["nl", "en", "de"],
        "tracks": ["clinical", "professional-facilitator", "online-first-module"],
        "email": "marloes.dewit@imago-faculty.example",
        "is_contact_public": False,
        "bio": (
            "Social worker turned couples therapist, based in Utrecht. Marloes coordinates the "
            "English-language online first module for Europe and is known among trainees for "
            "her calm demonstrations with volunteer couples."
        ),
    },
    {
        "slug": "thandeka-mokoena",
        "name": "Thandeka Mokoena",
        "country": "ZA",
        "city": "Johannesburg",
        "languages": ["en"],
        "tracks": ["clinical", "online-first-module"],
        "email": "thandeka.mokoena@imago-faculty.example",
        "is_contact_public": True,
        "bio": (
            "Counselling psychologist in Johannesburg who works with couples from many cultures "
            "and languages. Thandeka has a particular interest in how families and communities "
            "shape the way couples fight and make up."
        ),
    },
    {
        "slug": "riaan-botha",
        "name": "Riaan Botha",
        "country": "ZA",
        "city": "Stellenbosch",
        "languages": ["af", "en"],
        "tracks": ["clinical", "professional-facilitator"],
        "email": "riaan.botha@imago-faculty.example",
        "is_contact_public": False,
        "bio": (
            "Minister and pastoral counsellor who trained as a clinician later in life. Riaan "
            "teaches the Professional Facilitator Training in Afrikaans and English, often to "
            "groups of clergy, teachers and church volunteers."
        ),
    },
    {
        "slug": "ines-carvalho",
        "name": "Inês Carvalho",
        "country": "PT",
        "city": "Lisbon",
        "languages": ["pt", "es", "en"],
        "tracks": ["clinical", "professional-facilitator"],
        "email": "ines.carvalho@imago-faculty.example",
        "is_contact_public": True,
        "bio": (
            "Psychologist and supervisor in Lisbon. Inês brought the training to Portugal and "
            "teaches in Portuguese and Spanish; her groups are known for their small size and "
            "for the time they give to each trainee's own story."
        ),
    },
    {
        "slug": "rafael-nogueira",
        "name": "Rafael Nogueira",
        "country": "BR",
        "city": "São Paulo",
        "languages": ["pt", "es", "en"],
        "tracks": ["clinical", "professional-facilitator"],
        "email": "rafael.nogueira@imago-faculty.example",
        "is_contact_public": False,
        "bio": (
            "Psychotherapist and university lecturer in São Paulo. Rafael has trained "
            "therapists in Brazil for a decade and runs a Facilitator Training for teachers in "
            "public schools."
        ),
    },
    {
        "slug": "daniela-villasenor",
        "name": "Daniela Villaseñor",
        "country": "MX",
        "city": "Mexico City",
        "languages": ["es", "en"],
        "tracks": ["professional-facilitator", "online-first-module"],
        "email": "daniela.villasenor@imago-faculty.example",
        "is_contact_public": True,
        "bio": (
            "Organisational psychologist in Mexico City who uses the dialogue with leadership "
            "teams and HR departments. Daniela teaches the Facilitator Training across Mexico "
            "and co-leads the Spanish online module."
        ),
    },
    {
        "slug": "margaret-okafor-hale",
        "name": "Margaret Okafor-Hale",
        "country": "US",
        "city": "Chicago",
        "languages": ["en"],
        "tracks": ["clinical", "professional-facilitator", "online-first-module"],
        "email": "margaret.okaforhale@imago-faculty.example",
        "is_contact_public": False,
        "bio": (
            "Licensed marriage and family therapist in Chicago. Margaret teaches the clinical "
            "and facilitator tracks in the United States and leads the online first module "
            "for the Americas."
        ),
    },
    {
        "slug": "sophie-tremblay",
        "name": "Sophie Tremblay",
        "country": "CA",
        "city": "Montréal",
        "languages": ["fr", "en"],
        "tracks": ["clinical", "online-first-module"],
        "email": "sophie.tremblay@imago-faculty.example",
        "is_contact_public": True,
        "bio": (
            "Psychologist in Montréal who teaches in French and English. Before turning to "
            "couples work, Sophie spent ten years in a community mental-health team, and she "
            "still supervises clinicians working in public services."
        ),
    },
    {
        "slug": "grant-whitford",
        "name": "Grant Whitford",
        "country": "AU",
        "city": "Melbourne",
        "languages": ["en"],
        "tracks": ["clinical", "professional-facilitator"],
        "email": "grant.whitford@imago-faculty.example",
        "is_contact_public": False,
        "bio": (
            "Counsellor and relationship educator in Melbourne. Grant leads the Australian "
            "cohorts and has taught the dialogue to police chaplains, GPs and school counsellors."
        ),
    },
    {
        "slug": "anneli-lindqvist",
        "name": "Anneli Lindqvist",
        "country": "SE",
        "city": "Gothenburg",
        "languages": ["sv", "en"],
        "tracks": ["professional-facilitator", "clinical"],
        "email": "anneli.lindqvist@imago-faculty.example",
        "is_contact_public": False,
        "bio": (
            "Family counsellor in Gothenburg who has worked for the Swedish church's family "
            "counselling service. Anneli teaches in Swedish and English across the Nordic "
            "countries."
        ),
    },
    {
        "slug": "wanjiru-kamau",
        "name": "Wanjiru Kamau",
        "country": "KE",
        "city": "Nairobi",
        "languages": ["en", "sw"],
        "tracks": ["clinical", "professional-facilitator", "online-first-module"],
        "email": "wanjiru.kamau@imago-faculty.example",
        "is_contact_public": True,
        "bio": (
            "Counselling psychologist in Nairobi and lecturer in pastoral care. Wanjiru brought "
            "the Facilitator Training to East Africa, where many of her trainees are pastors, "
            "teachers and community health workers."
        ),
    },
]

# Refund and transfer policies, in the words of the demo.
REFUND_CLINICAL = (
    "Until eight weeks before the first module we refund the fee less an administration charge "
    "of 10%. From then until the first module begins, half of the fee is refunded. Once the "
    "training has started there is no refund, but you may move once, without charge, to a "
    "later cohort of the same track within two years."
)
REFUND_FACILITATOR = (
    "A full refund, less a deposit of 15%, until four weeks before the first module; no refund "
    "after that. If you have to stop after a module, you can finish the training with another "
    "cohort within eighteen months."
)
REFUND_ONLINE = (
    "A full refund until 14 days before the first session. After that we offer a place in a "
    "later online cohort of the same module, valid for twelve months, instead of a refund."
)
REFUND_CANCELLED = (
    "Everyone who applied gets the whole fee back, or can move to another cohort of the same "
    "track with the fee they have paid."
)

# Payment plans.
PLAN_PER_MODULE = (
    "Pay in full before the first module, or in instalments: a deposit of 20% when your place "
    "is confirmed, then an equal part before each module."
)
PLAN_MONTHLY = (
    "Ten monthly instalments by bank transfer, without surcharge. Ask us about a reduced fee "
    "if you work in public services or for a charity."
)
PLAN_TWO_PARTS = "Half when your place is confirmed, half before the second module."

TRAININGS = [
    # --- Argentina ---------------------------------------------------------------------------
    {
        "slug": "clinical-buenos-aires",
        "title": "Clinical Track in Buenos Aires",
        "track": "clinical",
        "description": (
            "A Spanish-speaking cohort in Palermo, with supervision groups in Buenos Aires and "
            "online for trainees from the provinces and neighbouring countries."
        ),
        "language": "es",
        "format": "in_person",
        "venue_name": "Centro de Formación Plaza Serrano",
        "city": "Buenos Aires",
        "country": "AR",
        "latitude": -34.6037,
        "longitude": -58.3816,
        "time_zone": "America/Argentina/Buenos_Aires",
        "contact_hours": 132,
        "currency": "USD",
        "fee": 3600,
        "early_bird_fee": 3200,
        "early_bird_deadline": 2,
        "payment_plan": (
            "Fees are set in US dollars and can be paid in pesos at the day's official rate. "
            + PLAN_PER_MODULE
        ),
        "capacity": 20,
        "applications_open": -8,
        "applications_close": 8,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["lucia-ferreyra", "javier-ortega"],
        "modules": [
            {"week": 10, "days": 5, "hours": FULL_DAYS},
            {"week": 22, "days": 5, "hours": FULL_DAYS},
            {"week": 34, "days": 5, "hours": FULL_DAYS},
            {"week": 46, "days": 5, "hours": FULL_DAYS},
        ],
    },
    {
        "slug": "pft-cordoba",
        "title": "Professional Facilitator Training in Córdoba",
        "track": "professional-facilitator",
        "description": "Weekend modules for teachers, school counsellors and parish workers.",
        "language": "es",
        "format": "in_person",
        "venue_name": "Casa de Encuentros Nueva Córdoba",
        "city": "Córdoba",
        "country": "AR",
        "latitude": -31.4201,
        "longitude": -64.1888,
        "time_zone": "America/Argentina/Cordoba",
        "contact_hours": 63,
        "currency": "USD",
        "fee": 1500,
        "payment_plan": PLAN_TWO_PARTS,
        "capacity": 12,
        "applications_open": -4,
        "applications_close": 13,
        "refund_policy": REFUND_FACILITATOR,
        "trainers": ["lucia-ferreyra", "daniela-villasenor"],
        "modules": [
            {"week": 15, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 23, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 31, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
        ],
    },
    # --- Germany -----------------------------------------------------------------------------
    {
        "slug": "clinical-berlin",
        "title": "Clinical Track in Berlin",
        "track": "clinical",
        "description": (
            "Taught in German, in a quiet conference house near Weinbergspark. Trainees can "
            "count the hours towards their continuing-education points."
        ),
        "language": "de",
        "format": "in_person",
        "venue_name": "Tagungshaus am Weinbergspark",
        "city": "Berlin",
        "country": "DE",
        "latitude": 52.52,
        "longitude": 13.405,
        "time_zone": "Europe/Berlin",
        "contact_hours": 134,
        "currency": "EUR",
        "fee": 4900,
        "early_bird_fee": 4450,
        "early_bird_deadline": 1,
        "payment_plan": PLAN_PER_MODULE,
        "capacity": 18,
        "applications_open": -10,
        "applications_close": 6,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["katrin-albrecht", "marloes-de-wit"],
        "modules": [
            {"week": 8, "days": 5, "hours": FULL_DAYS},
            {"week": 20, "days": 5, "hours": FULL_DAYS},
            {"week": 32, "days": 5, "hours": FULL_DAYS},
            {"week": 44, "days": 5, "hours": FULL_DAYS},
        ],
    },
    {
        "slug": "pft-munich",
        "title": "Professional Facilitator Training in Munich",
        "track": "professional-facilitator",
        "description": (
            "A small group, mostly from schools, hospitals and church counselling services in "
            "Bavaria."
        ),
        "language": "de",
        "format": "in_person",
        "venue_name": "Bildungshaus Schwabing",
        "city": "Munich",
        "country": "DE",
        "latitude": 48.1351,
        "longitude": 11.582,
        "time_zone": "Europe/Berlin",
        "contact_hours": 66,
        "currency": "EUR",
        "fee": 2100,
        "payment_plan": PLAN_TWO_PARTS,
        "capacity": 8,
        "applications_open": -6,
        "applications_close": 5,
        "refund_policy": REFUND_FACILITATOR,
        "trainers": ["katrin-albrecht"],
        "modules": [
            {"week": 6, "weekday": "thu", "days": 3, "hours": FULL_DAYS},
            {"week": 14, "weekday": "thu", "days": 3, "hours": FULL_DAYS},
            {"week": 22, "weekday": "thu", "days": 3, "hours": FULL_DAYS},
        ],
    },
    # --- South Africa ------------------------------------------------------------------------
    {
        "slug": "clinical-johannesburg",
        "title": "Clinical Track in Johannesburg (first module online)",
        "track": "clinical",
        "description": (
            "The first module is taught online in the mornings, so that trainees from all over "
            "Southern Africa can start without travelling; modules two to four meet in Melville."
        ),
        "language": "en",
        "format": "hybrid",
        "venue_name": "Melville Conference House",
        "city": "Johannesburg",
        "country": "ZA",
        "latitude": -26.2041,
        "longitude": 28.0473,
        "time_zone": "Africa/Johannesburg",
        "contact_hours": 130,
        "currency": "ZAR",
        "fee": 46000,
        "early_bird_fee": 42000,
        "early_bird_deadline": -2,
        "payment_plan": PLAN_MONTHLY,
        "capacity": 24,
        "applications_open": -12,
        "applications_close": 4,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["thandeka-mokoena", "riaan-botha"],
        "modules": [
            {"week": 5, "days": 5, "hours": ONLINE_MORNINGS, "format": "online"},
            {"week": 15, "days": 5, "hours": FULL_DAYS},
            {"week": 27, "days": 5, "hours": FULL_DAYS},
            {"week": 39, "days": 5, "hours": FULL_DAYS},
        ],
    },
    {
        "slug": "pft-stellenbosch",
        "title": "Professional Facilitator Training in Stellenbosch (Afrikaans)",
        "track": "professional-facilitator",
        "description": "Taught in Afrikaans, with materials in Afrikaans and English.",
        "language": "af",
        "format": "in_person",
        "venue_name": "Dorpstraat Seminaarhuis",
        "city": "Stellenbosch",
        "country": "ZA",
        "latitude": -33.9321,
        "longitude": 18.8602,
        "time_zone": "Africa/Johannesburg",
        "contact_hours": 63,
        "currency": "ZAR",
        "fee": 17500,
        "early_bird_fee": 16000,
        "early_bird_deadline": 4,
        "payment_plan": PLAN_TWO_PARTS,
        "capacity": 14,
        "applications_open": -3,
        "applications_close": 10,
        "refund_policy": REFUND_FACILITATOR,
        "trainers": ["riaan-botha"],
        "modules": [
            {"week": 12, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 20, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 28, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
        ],
    },
    {
        "slug": "clinical-cape-town",
        "title": "Clinical Track in Cape Town",
        "track": "clinical",
        "description": "A completed cohort; its graduates now meet in a peer supervision group.",
        "language": "en",
        "format": "in_person",
        "venue_name": "Gardens Training Centre",
        "city": "Cape Town",
        "country": "ZA",
        "latitude": -33.9249,
        "longitude": 18.4241,
        "time_zone": "Africa/Johannesburg",
        "contact_hours": 128,
        "currency": "ZAR",
        "fee": 44000,
        "payment_plan": PLAN_MONTHLY,
        "capacity": 20,
        "applications_open": -80,
        "applications_close": -62,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["thandeka-mokoena", "riaan-botha"],
        "modules": [
            {"week": -60, "days": 5, "hours": FULL_DAYS},
            {"week": -48, "days": 5, "hours": FULL_DAYS},
            {"week": -36, "days": 5, "hours": FULL_DAYS},
            {"week": -22, "days": 5, "hours": FULL_DAYS},
        ],
    },
    # --- Spain -------------------------------------------------------------------------------
    {
        "slug": "clinical-madrid",
        "title": "Clinical Track in Madrid",
        "track": "clinical",
        "description": (
            "Applications open soon. The cohort meets in Chamberí, a short walk from two metro "
            "lines."
        ),
        "language": "es",
        "format": "in_person",
        "venue_name": "Espacio Chamberí Formación",
        "city": "Madrid",
        "country": "ES",
        "latitude": 40.4168,
        "longitude": -3.7038,
        "time_zone": "Europe/Madrid",
        "contact_hours": 130,
        "currency": "EUR",
        "fee": 4600,
        "early_bird_fee": 4200,
        "early_bird_deadline": 8,
        "payment_plan": PLAN_PER_MODULE,
        "capacity": 20,
        "applications_open": 3,
        "applications_close": 18,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["javier-ortega", "ines-carvalho"],
        "modules": [
            {"week": 20, "days": 5, "hours": FULL_DAYS},
            {"week": 32, "days": 5, "hours": FULL_DAYS},
            {"week": 44, "days": 5, "hours": FULL_DAYS},
            {"week": 56, "days": 5, "hours": FULL_DAYS},
        ],
    },
    {
        "slug": "clinical-barcelona",
        "title": "Clinical Track in Barcelona",
        "track": "clinical",
        "description": "Under way: the group met for its first module and continues this year.",
        "language": "es",
        "format": "in_person",
        "venue_name": "Casa Gràcia Seminaris",
        "city": "Barcelona",
        "country": "ES",
        "latitude": 41.3874,
        "longitude": 2.1686,
        "time_zone": "Europe/Madrid",
        "contact_hours": 130,
        "currency": "EUR",
        "fee": 4600,
        "payment_plan": PLAN_PER_MODULE,
        "capacity": 16,
        "applications_open": -30,
        "applications_close": -8,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["javier-ortega"],
        "modules": [
            {"week": -6, "days": 5, "hours": FULL_DAYS},
            {"week": 6, "days": 5, "hours": FULL_DAYS},
            {"week": 18, "days": 5, "hours": FULL_DAYS},
            {"week": 30, "days": 5, "hours": FULL_DAYS},
        ],
    },
    # --- Portugal ----------------------------------------------------------------------------
    {
        "slug": "clinical-lisbon",
        "title": "Clinical Track in Lisbon",
        "track": "clinical",
        "description": (
            "A deliberately small group, so that every trainee works with a volunteer couple "
            "in front of the trainers at least twice."
        ),
        "language": "pt",
        "format": "in_person",
        "venue_name": "Casa do Jardim da Estrela",
        "city": "Lisbon",
        "country": "PT",
        "latitude": 38.7223,
        "longitude": -9.1393,
        "time_zone": "Europe/Lisbon",
        "contact_hours": 136,
        "currency": "EUR",
        "fee": 4400,
        "payment_plan": PLAN_PER_MODULE,
        "capacity": 8,
        "applications_open": -9,
        "applications_close": 5,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["ines-carvalho", "rafael-nogueira"],
        "modules": [
            {"week": 7, "days": 5, "hours": LONG_DAYS},
            {"week": 19, "days": 5, "hours": LONG_DAYS},
            {"week": 31, "days": 5, "hours": LONG_DAYS},
            {"week": 43, "days": 5, "hours": LONG_DAYS},
        ],
    },
    {
        "slug": "pft-porto",
        "title": "Professional Facilitator Training in Porto",
        "track": "professional-facilitator",
        "description": "A completed cohort of teachers, nurses and parish workers.",
        "language": "pt",
        "format": "in_person",
        "venue_name": "Centro de Formação da Foz",
        "city": "Porto",
        "country": "PT",
        "latitude": 41.1579,
        "longitude": -8.6291,
        "time_zone": "Europe/Lisbon",
        "contact_hours": 63,
        "currency": "EUR",
        "fee": 1800,
        "capacity": 10,
        "applications_open": -50,
        "applications_close": -40,
        "refund_policy": REFUND_FACILITATOR,
        "trainers": ["ines-carvalho"],
        "modules": [
            {"week": -38, "weekday": "fri", "days": 3},
            {"week": -30, "weekday": "fri", "days": 3},
            {"week": -20, "weekday": "fri", "days": 3},
        ],
    },
    # --- Netherlands -------------------------------------------------------------------------
    {
        "slug": "clinical-utrecht",
        "title": "Clinical Track in Utrecht (first module online)",
        "track": "clinical",
        "description": (
            "Module one online in the afternoons, the other three in Utrecht, ten minutes from "
            "the central station."
        ),
        "language": "nl",
        "format": "hybrid",
        "venue_name": "Huize Oudwijk",
        "city": "Utrecht",
        "country": "NL",
        "latitude": 52.0907,
        "longitude": 5.1214,
        "time_zone": "Europe/Amsterdam",
        "contact_hours": 130,
        "currency": "EUR",
        "fee": 4950,
        "early_bird_fee": 4500,
        "early_bird_deadline": 3,
        "payment_plan": PLAN_PER_MODULE,
        "capacity": 16,
        "applications_open": -5,
        "applications_close": 9,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["marloes-de-wit", "katrin-albrecht"],
        "modules": [
            {"week": 11, "days": 5, "hours": ONLINE_AFTERNOONS, "format": "online"},
            {"week": 23, "days": 5, "hours": FULL_DAYS},
            {"week": 35, "days": 5, "hours": FULL_DAYS},
            {"week": 47, "days": 5, "hours": FULL_DAYS},
        ],
    },
    {
        "slug": "pft-amsterdam",
        "title": "Professional Facilitator Training in Amsterdam",
        "track": "professional-facilitator",
        "description": "A completed cohort, mostly HR professionals and team coaches.",
        "language": "nl",
        "format": "in_person",
        "venue_name": "De Plantage Leerhuis",
        "city": "Amsterdam",
        "country": "NL",
        "latitude": 52.3676,
        "longitude": 4.9041,
        "time_zone": "Europe/Amsterdam",
        "contact_hours": 63,
        "currency": "EUR",
        "fee": 1950,
        "payment_plan": PLAN_TWO_PARTS,
        "capacity": 14,
        "applications_open": -40,
        "applications_close": -32,
        "refund_policy": REFUND_FACILITATOR,
        "trainers": ["marloes-de-wit"],
        "modules": [
            {"week": -30, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": -22, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": -14, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
        ],
    },
    # --- Brazil ------------------------------------------------------------------------------
    {
        "slug": "clinical-sao-paulo",
        "title": "Clinical Track in São Paulo",
        "track": "clinical",
        "description": "Taught in Portuguese in Vila Madalena, with supervision groups online.",
        "language": "pt",
        "format": "in_person",
        "venue_name": "Espaço Vila Madalena",
        "city": "São Paulo",
        "country": "BR",
        "latitude": -23.5505,
        "longitude": -46.6333,
        "time_zone": "America/Sao_Paulo",
        "contact_hours": 132,
        "currency": "BRL",
        "fee": 15800,
        "early_bird_fee": 14200,
        "early_bird_deadline": 1,
        "payment_plan": "Up to twelve monthly instalments by card or bank slip.",
        "capacity": 22,
        "applications_open": -7,
        "applications_close": 7,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["rafael-nogueira"],
        "modules": [
            {"week": 9, "days": 5, "hours": FULL_DAYS},
            {"week": 21, "days": 5, "hours": FULL_DAYS},
            {"week": 33, "days": 5, "hours": FULL_DAYS},
            {"week": 45, "days": 5, "hours": FULL_DAYS},
        ],
    },
    {
        "slug": "pft-sao-paulo",
        "title": "Professional Facilitator Training in São Paulo",
        "track": "professional-facilitator",
        "description": "For teachers and school leaders; applications open in a few weeks.",
        "language": "pt",
        "format": "in_person",
        "venue_name": "Espaço Vila Madalena",
        "city": "São Paulo",
        "country": "BR",
        "latitude": -23.5505,
        "longitude": -46.6333,
        "time_zone": "America/Sao_Paulo",
        "contact_hours": 63,
        "currency": "BRL",
        "fee": 6400,
        "payment_plan": "Up to six monthly instalments by card or bank slip.",
        "capacity": 18,
        "applications_open": 6,
        "applications_close": 22,
        "refund_policy": REFUND_FACILITATOR,
        "trainers": ["rafael-nogueira", "ines-carvalho"],
        "modules": [
            {"week": 24, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 32, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 40, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
        ],
    },
    # --- Mexico ------------------------------------------------------------------------------
    {
        "slug": "pft-mexico-city",
        "title": "Professional Facilitator Training in Mexico City",
        "track": "professional-facilitator",
        "description": "Weekend modules in Coyoacán for HR teams, educators and pastoral workers.",
        "language": "es",
        "format": "in_person",
        "venue_name": "Casa de Encuentro Coyoacán",
        "city": "Mexico City",
        "country": "MX",
        "latitude": 19.4326,
        "longitude": -99.1332,
        "time_zone": "America/Mexico_City",
        "contact_hours": 63,
        "currency": "MXN",
        "fee": 23500,
        "early_bird_fee": 21000,
        "early_bird_deadline": 1,
        "payment_plan": PLAN_TWO_PARTS,
        "capacity": 16,
        "applications_open": -5,
        "applications_close": 4,
        "refund_policy": REFUND_FACILITATOR,
        "trainers": ["daniela-villasenor"],
        "modules": [
            {"week": 6, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 12, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 18, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
        ],
    },
    {
        "slug": "pft-guadalajara",
        "title": "Professional Facilitator Training in Guadalajara",
        "track": "professional-facilitator",
        "description": (
            "Cancelled: too few applications this time. Applicants have been offered a place in "
            "Mexico City or a full refund."
        ),
        "language": "es",
        "format": "in_person",
        "venue_name": "Centro Cultural Chapultepec",
        "city": "Guadalajara",
        "country": "MX",
        "latitude": 20.6597,
        "longitude": -103.3496,
        "time_zone": "America/Mexico_City",
        "contact_hours": 63,
        "currency": "MXN",
        "fee": 22000,
        "capacity": 12,
        "applications_open": -8,
        "applications_close": 2,
        "refund_policy": REFUND_CANCELLED,
        "status": "cancelled",
        "trainers": ["daniela-villasenor"],
        "modules": [
            {"week": 4, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 12, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 20, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
        ],
    },
    # --- United States -----------------------------------------------------------------------
    {
        "slug": "clinical-chicago",
        "title": "Clinical Track in Chicago (first module online)",
        "track": "clinical",
        "description": (
            "Start online from anywhere in the Midwest, then meet in Lakeview for modules two "
            "to four. Continuing-education credits can be requested."
        ),
        "language": "en",
        "format": "hybrid",
        "venue_name": "Lakeview Learning Center",
        "city": "Chicago",
        "country": "US",
        "latitude": 41.8781,
        "longitude": -87.6298,
        "time_zone": "America/Chicago",
        "contact_hours": 130,
        "currency": "USD",
        "fee": 5600,
        "early_bird_fee": 5100,
        "early_bird_deadline": 4,
        "payment_plan": PLAN_PER_MODULE,
        "capacity": 20,
        "applications_open": -6,
        "applications_close": 11,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["margaret-okafor-hale", "sophie-tremblay"],
        "modules": [
            {"week": 13, "days": 5, "hours": ONLINE_MORNINGS, "format": "online"},
            {"week": 25, "days": 5, "hours": FULL_DAYS},
            {"week": 37, "days": 5, "hours": FULL_DAYS},
            {"week": 49, "days": 5, "hours": FULL_DAYS},
        ],
    },
    {
        "slug": "pft-new-york",
        "title": "Professional Facilitator Training in New York",
        "track": "professional-facilitator",
        "description": "Three long weekends in Lower Manhattan.",
        "language": "en",
        "format": "in_person",
        "venue_name": "Hudson Street Training Rooms",
        "city": "New York",
        "country": "US",
        "latitude": 40.7128,
        "longitude": -74.006,
        "time_zone": "America/New_York",
        "contact_hours": 63,
        "currency": "USD",
        "fee": 2400,
        "payment_plan": PLAN_TWO_PARTS,
        "capacity": 18,
        "applications_open": -8,
        "applications_close": 2,
        "refund_policy": REFUND_FACILITATOR,
        "trainers": ["margaret-okafor-hale"],
        "modules": [
            {"week": 4, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 10, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
            {"week": 16, "weekday": "fri", "days": 3, "hours": WEEKEND_DAYS},
        ],
    },
    # --- Canada ------------------------------------------------------------------------------
    {
        "slug": "clinical-toronto",
        "title": "Clinical Track in Toronto",
        "track": "clinical",
        "description": "An English-speaking cohort in the Annex, close to the subway.",
        "language": "en",
        "format": "in_person",
        "venue_name": "Annex Conference Rooms",
        "city": "Toronto",
        "country": "CA",
        "latitude": 43.6532,
        "longitude": -79.3832,
        "time_zone": "America/Toronto",
        "contact_hours": 130,
        "currency": "CAD",
        "fee": 6400,
        "early_bird_fee": 5900,
        "early_bird_deadline": 5,
        "payment_plan": PLAN_PER_MODULE,
        "capacity": 20,
        "applications_open": -4,
        "applications_close": 13,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["sophie-tremblay", "margaret-okafor-hale"],
        "modules": [
            {"week": 15, "days": 5, "hours": FULL_DAYS},
            {"week": 27, "days": 5, "hours": FULL_DAYS},
            {"week": 39, "days": 5, "hours": FULL_DAYS},
            {"week": 51, "days": 5, "hours": FULL_DAYS},
        ],
    },
    {
        "slug": "clinical-montreal",
        "title": "Clinical Track in Montréal (French)",
        "track": "clinical",
        "description": "Being planned: dates and venue are not confirmed yet.",
        "language": "fr",
        "format": "in_person",
        "venue_name": "Maison Outremont",
        "city": "Montréal",
        "country": "CA",
        "latitude": 45.5019,
        "longitude": -73.5674,
        "time_zone": "America/Toronto",
        "contact_hours": 130,
        "currency": "CAD",
        "fee": 6200,
        "capacity": 16,
        "applications_open": 8,
        "applications_close": 24,
        "refund_policy": REFUND_CLINICAL,
        "status": "draft",
        "trainers": ["sophie-tremblay"],
        "modules": [
            {"week": 26, "days": 5},
            {"week": 38, "days": 5},
            {"week": 50, "days": 5},
            {"week": 62, "days": 5},
        ],
    },
    # --- Australia ---------------------------------------------------------------------------
    {
        "slug": "clinical-melbourne",
        "title": "Clinical Track in Melbourne",
        "track": "clinical",
        "description": "A cohort in Fitzroy; trainees from other states join supervision online.",
        "language": "en",
        "format": "in_person",
        "venue_name": "Fitzroy Practice Rooms",
        "city": "Melbourne",
        "country": "AU",
        "latitude": -37.8136,
        "longitude": 144.9631,
        "time_zone": "Australia/Melbourne",
        "contact_hours": 132,
        "currency": "AUD",
        "fee": 7200,
        "early_bird_fee": 6600,
        "early_bird_deadline": 6,
        "payment_plan": PLAN_MONTHLY,
        "capacity": 20,
        "applications_open": -6,
        "applications_close": 15,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["grant-whitford"],
        "modules": [
            {"week": 17, "days": 5, "hours": FULL_DAYS},
            {"week": 29, "days": 5, "hours": FULL_DAYS},
            {"week": 41, "days": 5, "hours": FULL_DAYS},
            {"week": 53, "days": 5, "hours": FULL_DAYS},
        ],
    },
    {
        "slug": "pft-sydney",
        "title": "Professional Facilitator Training in Sydney",
        "track": "professional-facilitator",
        "description": "Being planned with a group of school counsellors; not published yet.",
        "language": "en",
        "format": "in_person",
        "venue_name": "Surry Hills Community Hall",
        "city": "Sydney",
        "country": "AU",
        "latitude": -33.8688,
        "longitude": 151.2093,
        "time_zone": "Australia/Sydney",
        "contact_hours": 63,
        "currency": "AUD",
        "fee": 2900,
        "capacity": 16,
        "applications_open": 10,
        "applications_close": 28,
        "refund_policy": REFUND_FACILITATOR,
        "status": "draft",
        "trainers": ["grant-whitford"],
        "modules": [
            {"week": 30, "weekday": "fri", "days": 3},
            {"week": 38, "weekday": "fri", "days": 3},
            {"week": 46, "weekday": "fri", "days": 3},
        ],
    },
    # --- Sweden ------------------------------------------------------------------------------
    {
        "slug": "pft-stockholm",
        "title": "Professional Facilitator Training in Stockholm",
        "track": "professional-facilitator",
        "description": "Taught in Swedish, for family counsellors, clergy and school staff.",
        "language": "sv",
        "format": "in_person",
        "venue_name": "Vasastans Kursgård",
        "city": "Stockholm",
        "country": "SE",
        "latitude": 59.3293,
        "longitude": 18.0686,
        "time_zone": "Europe/Stockholm",
        "contact_hours": 66,
        "currency": "SEK",
        "fee": 19800,
        "early_bird_fee": 17800,
        "early_bird_deadline": 2,
        "payment_plan": PLAN_TWO_PARTS,
        "capacity": 12,
        "applications_open": -4,
        "applications_close": 8,
        "refund_policy": REFUND_FACILITATOR,
        "trainers": ["anneli-lindqvist"],
        "modules": [
            {"week": 10, "weekday": "thu", "days": 3, "hours": FULL_DAYS},
            {"week": 18, "weekday": "thu", "days": 3, "hours": FULL_DAYS},
            {"week": 26, "weekday": "thu", "days": 3, "hours": FULL_DAYS},
        ],
    },
    # --- Kenya -------------------------------------------------------------------------------
    {
        "slug": "pft-nairobi",
        "title": "Professional Facilitator Training in Nairobi",
        "track": "professional-facilitator",
        "description": (
            "For pastors, teachers and community health workers. A limited number of bursaries "
            "is available; ask when you apply."
        ),
        "language": "en",
        "format": "in_person",
        "venue_name": "Karen Retreat Centre",
        "city": "Nairobi",
        "country": "KE",
        "latitude": -1.2921,
        "longitude": 36.8219,
        "time_zone": "Africa/Nairobi",
        "contact_hours": 66,
        "currency": "KES",
        "fee": 125000,
        "early_bird_fee": 110000,
        "early_bird_deadline": 0,
        "payment_plan": "Three instalments, one before each module. M-Pesa and bank transfer.",
        "capacity": 20,
        "applications_open": -10,
        "applications_close": 6,
        "refund_policy": REFUND_FACILITATOR,
        "trainers": ["wanjiru-kamau"],
        "modules": [
            {"week": 8, "weekday": "thu", "days": 3, "hours": FULL_DAYS},
            {"week": 16, "weekday": "thu", "days": 3, "hours": FULL_DAYS},
            {"week": 24, "weekday": "thu", "days": 3, "hours": FULL_DAYS},
        ],
    },
    {
        "slug": "clinical-nairobi",
        "title": "Clinical Track in Nairobi (first module online)",
        "track": "clinical",
        "description": (
            "The first clinical cohort in East Africa: module one online, then three modules "
            "in Nairobi."
        ),
        "language": "en",
        "format": "hybrid",
        "venue_name": "Karen Retreat Centre",
        "city": "Nairobi",
        "country": "KE",
        "latitude": -1.2921,
        "longitude": 36.8219,
        "time_zone": "Africa/Nairobi",
        "contact_hours": 130,
        "currency": "KES",
        "fee": 420000,
        "payment_plan": PLAN_PER_MODULE,
        "capacity": 18,
        "applications_open": -1,
        "applications_close": 26,
        "refund_policy": REFUND_CLINICAL,
        "trainers": ["wanjiru-kamau", "thandeka-mokoena"],
        "modules": [
            {"week": 28, "days": 5, "hours": ONLINE_MORNINGS, "format": "online"},
            {"week": 40, "days": 5, "hours": FULL_DAYS},
            {"week": 52, "days": 5, "hours": FULL_DAYS},
            {"week": 64, "days": 5, "hours": FULL_DAYS},
        ],
    },
    # --- Online first module -----------------------------------------------------------------
    {
        "slug": "online-first-module-europe",
        "title": "Online first module for Europe (English)",
        "track": "online-first-module",
        "description": "Afternoon sessions on Central European Time; trainees from across Europe.",
        "language": "en",
        "format": "online",
        "time_zone": "Europe/Amsterdam",
        "contact_hours": 28,
        "currency": "EUR",
        "fee": 850,
        "early_bird_fee": 750,
        "early_bird_deadline": 1,
        "capacity": 30,
        "applications_open": -6,
        "applications_close": 4,
        "refund_policy": REFUND_ONLINE,
        "trainers": ["marloes-de-wit", "katrin-albrecht"],
        "modules": [
            {"week": 5, "days": 5, "hours": ONLINE_AFTERNOONS},
        ],
    },
    {
        "slug": "online-first-module-europe-earlier",
        "title": "Online first module for Europe (English), earlier cohort",
        "track": "online-first-module",
        "description": "A completed online cohort; its trainees continue in Berlin and Utrecht.",
        "language": "en",
        "format": "online",
        "time_zone": "Europe/Amsterdam",
        "contact_hours": 28,
        "currency": "EUR",
        "fee": 850,
        "capacity": 30,
        "applications_open": -20,
        "applications_close": -12,
        "refund_policy": REFUND_ONLINE,
        "trainers": ["marloes-de-wit", "katrin-albrecht"],
        "modules": [
            {"week": -10, "days": 5, "hours": ONLINE_AFTERNOONS},
        ],
    },
    {
        "slug": "online-first-module-americas",
        "title": "Online first module for the Americas (English)",
        "track": "online-first-module",
        "description": "Late-morning sessions on Eastern Time, early enough for the West Coast.",
        "language": "en",
        "format": "online",
        "time_zone": "America/New_York",
        "contact_hours": 28,
        "currency": "USD",
        "fee": 950,
        "capacity": 30,
        "applications_open": -4,
        "applications_close": 8,
        "refund_policy": REFUND_ONLINE,
        "trainers": ["margaret-okafor-hale", "sophie-tremblay"],
        "modules": [
            {"week": 9, "days": 5, "hours": ("11:00", "16:30")},
        ],
    },
    {
        "slug": "primer-modulo-online-latinoamerica",
        "title": "Online first module for Latin America (Spanish)",
        "track": "online-first-module",
        "description": "Taught in Spanish, in mornings on Mexico City time.",
        "language": "es",
        "format": "online",
        "time_zone": "America/Mexico_City",
        "contact_hours": 28,
        "currency": "USD",
        "fee": 700,
        "early_bird_fee": 620,
        "early_bird_deadline": 2,
        "capacity": 24,
        "applications_open": -5,
        "applications_close": 6,
        "refund_policy": REFUND_ONLINE,
        "trainers": ["lucia-ferreyra", "daniela-villasenor"],
        "modules": [
            {"week": 7, "days": 5, "hours": ONLINE_MORNINGS},
        ],
    },
    {
        "slug": "online-first-module-africa",
        "title": "Online first module for Africa (English)",
        "track": "online-first-module",
        "description": "Morning sessions on South African time, convenient from Lagos to Nairobi.",
        "language": "en",
        "format": "online",
        "time_zone": "Africa/Johannesburg",
        "contact_hours": 28,
        "currency": "ZAR",
        "fee": 8900,
        "payment_plan": PLAN_TWO_PARTS,
        "capacity": 30,
        "applications_open": -2,
        "applications_close": 16,
        "refund_policy": REFUND_ONLINE,
        "trainers": ["thandeka-mokoena", "wanjiru-kamau"],
        "modules": [
            {"week": 18, "days": 5, "hours": ONLINE_MORNINGS},
        ],
    },
    {
        "slug": "online-first-module-german",
        "title": "Online first module in German",
        "track": "online-first-module",
        "description": "Cancelled: the trainer is unavailable. The next German cohort follows.",
        "language": "de",
        "format": "online",
        "time_zone": "Europe/Berlin",
        "contact_hours": 28,
        "currency": "EUR",
        "fee": 850,
        "capacity": 20,
        "applications_open": -7,
        "applications_close": 3,
        "refund_policy": REFUND_CANCELLED,
        "status": "cancelled",
        "trainers": ["katrin-albrecht"],
        "modules": [
            {"week": 4, "days": 5, "hours": ONLINE_AFTERNOONS},
        ],
    },
]

# What demo applicants bring, by background: the answers of the application form that follow
# from a person's training and work. The loader adds the eligibility verdict for the track.
BACKGROUNDS = {
    "psychologist": {
        "profession": "Clinical psychologist",
        "degree_level": "master",
        "degree_field": "psychology",
        "has_licence": True,
        "years_of_practice": 9,
        "motivation": (
            "More and more of my clients bring their relationship into the room, and I want a "
            "clear way to work with both partners instead of one at a time."
        ),
    },
    "psychotherapist": {
        "profession": "Psychotherapist in private practice",
        "degree_level": "doctorate",
        "degree_field": "psychology",
        "has_licence": True,
        "years_of_practice": 15,
        "motivation": (
            "After years of individual work I want couples therapy at the centre of my practice, "
            "with a method I can explain to the couples themselves."
        ),
    },
    "social-worker": {
        "profession": "Social worker in a family service",
        "degree_level": "master",
        "degree_field": "social_work",
        "has_licence": False,
        "years_of_practice": 6,
        "motivation": (
            "The families I see often break down over the parents' conflict. I would like to "
            "offer the couples a structured dialogue before it comes to that."
        ),
    },
    "pastor": {
        "profession": "Pastor and pastoral counsellor",
        "degree_level": "master",
        "degree_field": "practical_theology",
        "has_licence": False,
        "years_of_practice": 12,
        "motivation": (
            "Couples in my congregation come to me first when things go wrong. I want to help "
            "them well and know when to refer them on."
        ),
    },
    "family-doctor": {
        "profession": "Family doctor",
        "degree_level": "doctorate",
        "degree_field": "medicine",
        "has_licence": True,
        "years_of_practice": 20,
        "motivation": (
            "I hold a psychotherapy licence next to my medical practice and many of my patients' "
            "complaints start at home. I want to work with couples properly."
        ),
    },
    "counsellor": {
        "profession": "Relationship counsellor",
        "degree_level": "bachelor",
        "degree_field": "counselling",
        "has_licence": False,
        "years_of_practice": 7,
        "motivation": (
            "I have counselled couples for years with a Bachelor's degree and would like the "
            "trainers to consider my experience for the clinical training."
        ),
    },
    "teacher": {
        "profession": "Secondary school teacher",
        "degree_level": "bachelor",
        "degree_field": "education",
        "has_licence": False,
        "years_of_practice": 11,
        "motivation": (
            "I want to bring the dialogue into my classroom and to the conversations I have "
            "with parents."
        ),
    },
    "hr-manager": {
        "profession": "HR manager",
        "degree_level": "master",
        "degree_field": "business",
        "has_licence": False,
        "years_of_practice": 10,
        "motivation": (
            "Most conflicts I mediate at work are about not feeling heard. The dialogue looks "
            "like the tool our teams are missing."
        ),
    },
    "nurse": {
        "profession": "Nurse in palliative care",
        "degree_level": "bachelor",
        "degree_field": "medicine",
        "has_licence": False,
        "years_of_practice": 14,
        "motivation": (
            "I accompany couples and families through the hardest weeks of their lives and want "
            "to help them talk with each other."
        ),
    },
    "community-worker": {
        "profession": "Community health worker",
        "degree_level": "none",
        "degree_field": "other",
        "has_licence": False,
        "years_of_practice": 5,
        "motivation": (
            "In our community groups couples ask me for help. I would like to lead dialogue "
            "sessions for them."
        ),
    },
}

# Demo applications, by training: (name, e-mail, status, background) and, for an online
# training, where the applicant lives (city, country); applicants to an in-person training live
# where it meets. The Lisbon cohort is full and has a waiting list, in the order given here; the
# Munich cohort has two seats left. The Lisbon counsellor does not meet the Clinical Track's
# requirements and asked to be reviewed anyway.
APPLICATIONS = {
    "clinical-lisbon": [
        ("Ana Sofia Marques", "ana.marques@mail.example", "accepted", "psychologist"),
        ("João Pedro Antunes", "joao.antunes@mail.example", "accepted", "psychotherapist"),
        ("Catarina Vieira", "catarina.vieira@mail.example", "accepted", "social-worker"),
        ("Miguel Tavares", "miguel.tavares@mail.example", "accepted", "pastor"),
        ("Rita Figueiredo", "rita.figueiredo@mail.example", "accepted", "psychologist"),
        ("Teresa Bettencourt", "teresa.bettencourt@mail.example", "under_review", "counsellor"),
        ("Nuno Salgado", "nuno.salgado@mail.example", "under_review", "family-doctor"),
        ("Beatriz Cunha", "beatriz.cunha@mail.example", "submitted", "social-worker"),
        ("Filipa Rebelo", "filipa.rebelo@mail.example", "waitlisted", "psychologist"),
        ("Duarte Mendonça", "duarte.mendonca@mail.example", "waitlisted", "psychotherapist"),
        ("Helena Pires", "helena.pires@mail.example", "withdrawn", "psychologist"),
    ],
    "pft-munich": [
        ("Sabine Krüger", "sabine.krueger@mail.example", "accepted", "teacher"),
        ("Thomas Brandl", "thomas.brandl@mail.example", "accepted", "hr-manager"),
        ("Ulrike Haas", "ulrike.haas@mail.example", "accepted", "nurse"),
        ("Markus Feldmann", "markus.feldmann@mail.example", "under_review", "pastor"),
        ("Jana Wiedemann", "jana.wiedemann@mail.example", "under_review", "teacher"),
        ("Stefan Oberhuber", "stefan.oberhuber@mail.example", "submitted", "community-worker"),
        ("Claudia Reiter", "claudia.reiter@mail.example", "declined", "hr-manager"),
        ("Florian Huber", "florian.huber@mail.example", "withdrawn", "psychologist"),
    ],
    "clinical-berlin": [
        ("Miriam Schulte", "miriam.schulte@mail.example", "accepted", "psychotherapist"),
        ("Jonas Becker", "jonas.becker@mail.example", "under_review", "family-doctor"),
        ("Elif Yıldız", "elif.yildiz@mail.example", "submitted", "social-worker"),
    ],
    "online-first-module-europe": [
        ("Laura Bianchi", "laura.bianchi@mail.example", "accepted", "psychologist", "Milan", "IT"),
        ("Piotr Nowak", "piotr.nowak@mail.example", "accepted", "pastor", "Kraków", "PL"),
        ("Siobhán Byrne", "siobhan.byrne@mail.example", "under_review", "pastor", "Cork", "IE"),
        ("Henrik Dahl", "henrik.dahl@mail.example", "submitted", "psychotherapist", "Aarhus", "DK"),
    ],
    "pft-nairobi": [
        ("Grace Achieng", "grace.achieng@mail.example", "accepted", "teacher"),
        ("Samuel Mwangi", "samuel.mwangi@mail.example", "submitted", "community-worker"),
    ],
    "clinical-cape-town": [
        ("Naledi Dlamini", "naledi.dlamini@mail.example", "accepted", "psychologist"),
        ("Pieter Swanepoel", "pieter.swanepoel@mail.example", "accepted", "pastor"),
        ("Fatima Adams", "fatima.adams@mail.example", "accepted", "social-worker"),
    ],
}

CATEGORIES = [
    {
        "slug": "about-imago",
        "name": "About Imago Relationship Therapy",
        "name_es": "Sobre la Terapia de Pareja Imago",
        "name_de": "Über die Imago-Paartherapie",
    },
    {
        "slug": "joining",
        "name": "Joining a training",
        "name_es": "Cómo unirse a una formación",
        "name_de": "Der Weg in eine Ausbildung",
    },
    {
        "slug": "practicalities",
        "name": "Dates, places and fees",
        "name_es": "Fechas, lugares y precios",
        "name_de": "Termine, Orte und Kosten",
    },
    {
        "slug": "during-and-after",
        "name": "During and after the training",
        "name_es": "Durante y después de la formación",
        "name_de": "Während und nach der Ausbildung",
    },
]

# FAQ answers are Markdown (see faq/markdown.py). The topic decides on which pages an answer
# also appears: "fees" beside the fee of every training, "no_masters" on the eligibility result,
# "finances" on the application form. Video links point to an invented demo address.
QUESTIONS = [
    {
        "slug": "what-is-imago",
        "category": "about-imago",
        "topic": "imago",
        "question": "What is Imago Relationship Therapy?",
        "answer": (
            "A short-term approach to couples therapy created by Harville Hendrix and Helen "
            "LaKelly Hunt. It joins understanding with practice: partners sit facing each other "
            "and talk *to each other*, not to the therapist, in a structured dialogue that the "
            "therapist guides.\n\n"
            "The idea underneath is hopeful. The conflicts that hurt a couple most usually touch "
            "old injuries from growing up, and the same conflicts show each partner where they "
            "can grow. Couples learn to make their relationship a safe place, to listen without "
            "defending themselves and to answer what the other needs."
        ),
    },
    {
        "slug": "imago-in-practice",
        "category": "about-imago",
        "topic": "imago",
        "question": "What does Imago add to my work as a therapist?",
        "answer": (
            "A clear framework for the moment two people sit in your room. You keep the skills "
            "you already have and gain:\n\n"
            "- a **structured dialogue** that lowers the temperature of even heated sessions;\n"
            "- a way for couples to take ownership of their own work, so that you coach rather "
            "than referee;\n"
            "- colleagues in more than 38 countries, for supervision, referrals and company.\n\n"
            "Good couples therapists are hard to find, and word travels: many Imago therapists "
            "find that couples seek them out."
        ),
    },
    {
        "slug": "couples-workshops",
        "category": "about-imago",
        "topic": "other",
        "question": "Do you offer workshops for couples?",
        "answer": (
            "The institute trains professionals. Weekend workshops for couples are led by "
            "certified Imago therapists and presenters in many countries, and therapists often "
            "suggest one to the couples they see: partners come back to their sessions with a "
            "shared language and fresh energy. [Write to us](/contact/) and we will put you in "
            "touch with a presenter near you."
        ),
    },
    {
        "slug": "who-can-join",
        "category": "joining",
        "topic": "eligibility",
        "question": "Do I qualify for the Clinical Track?",
        "answer": (
            "You do if you hold a Master's degree or higher in psychology, social work or "
            "practical theology, or a qualification that lets you practise psychotherapy in your "
            "country. Four quick questions on our [eligibility check](/eligibility/) tell you "
            "which trainings are open to you, without storing anything."
        ),
    },
    {
        "slug": "no-masters-degree",
        "category": "joining",
        "topic": "no_masters",
        "question": "I don't have a Master's degree in psychology. Can I still train?",
        "question_es": "No tengo un máster en psicología. ¿Puedo formarme igualmente?",
        "question_de": "Ich habe keinen Master in Psychologie. Kann ich trotzdem teilnehmen?",
        "answer_es": (
            "Sí. La Formación clínica pide un máster en psicología, trabajo social o teología "
            "práctica, o una habilitación para ejercer la psicoterapia donde vives. Sin ella, la "
            "[Formación de Facilitadores Profesionales](/es/tracks/professional-facilitator/) "
            "está pensada para ti: enseña el mismo diálogo a clérigos, docentes, responsables de "
            "personal, médicos y coaches, para usarlo en su propio trabajo."
        ),
        "answer_de": (
            "Ja. Die Klinische Ausbildung setzt einen Master in Psychologie, Sozialer Arbeit "
            "oder Praktischer Theologie voraus, oder eine Zulassung zur Psychotherapie. Ohne "
            "sie ist die [Ausbildung zum Professional Facilitator]"
            "(/de/tracks/professional-facilitator/) das Richtige: Sie lehrt Geistlichen, "
            "Lehrkräften, Personalverantwortlichen und Ärztinnen denselben Dialog für ihre "
            "eigene Arbeit."
        ),
        "answer": (
            "Yes. The Clinical Track needs a Master's in psychology, social work or practical "
            "theology, or a licence to practise psychotherapy where you live. Without one, the "
            "[Professional Facilitator Training](/tracks/professional-facilitator/) is made for "
            "you: it teaches the same dialogue to clergy, teachers, HR managers, doctors, "
            "coaches and others, for use in their own work.\n\n"
            "If you later meet the clinical prerequisites, you can continue in the Clinical "
            "Track."
        ),
    },
    {
        "slug": "own-relationship",
        "category": "joining",
        "topic": "relationship",
        "question": "Can I train if my own relationship is going through a hard time?",
        "question_es": "¿Puedo formarme si mi propia relación pasa por un momento difícil?",
        "question_de": (
            "Kann ich die Ausbildung machen, wenn meine eigene Beziehung gerade schwierig ist?"
        ),
        "answer_es": (
            "Sí, y no serás la única persona. Muchos participantes llegan con dificultades "
            "propias, y los ejercicios usan la experiencia personal, así que la formación suele "
            "ayudar también a la propia relación. Aun así, no es una terapia: si atraviesas una "
            "crisis, conviene contar además con apoyo propio."
        ),
        "answer_de": (
            "Ja, und damit sind Sie nicht allein. Viele kommen mit eigenen Schwierigkeiten, und "
            "die Übungen arbeiten mit persönlicher Erfahrung, sodass die Ausbildung oft auch der "
            "eigenen Beziehung hilft. Eine Therapie ist sie aber nicht: In einer Krise ist eigene "
            "Unterstützung daneben ratsam."
        ),
        "answer": (
            "Yes, and you will not be the only one. Many trainees arrive with struggles of "
            "their own, and the training uses personal experience in its exercises, so it often "
            "helps your own relationship as well.\n\n"
            "The training is not therapy, though. If you are in the middle of a crisis, it is "
            "wise to have support of your own alongside it; the trainers are glad to talk it "
            "through with you before you apply."
        ),
        "video_url": "https://videos.imago-faculty.example/own-relationship",
    },
    {
        "slug": "tuition-fee",
        "category": "practicalities",
        "topic": "fees",
        "question": "What is the tuition fee?",
        "question_es": "¿Cuánto cuesta la formación?",
        "question_de": "Was kostet die Ausbildung?",
        "answer_es": (
            "Cada formación fija su precio en la moneda local y lo muestra en su página. Incluye "
            "los días de enseñanza y los materiales; el viaje, el alojamiento y la supervisión "
            "entre módulos se pagan aparte. Muchas ofrecen una **tarifa anticipada** y pago a "
            "plazos."
        ),
        "answer_de": (
            "Jede Ausbildung legt ihre Gebühr in der Landeswährung fest und nennt sie auf ihrer "
            "Seite. Sie deckt die Unterrichtstage und das Material; Reise, Unterkunft und "
            "Supervision zwischen den Modulen kommen dazu. Viele bieten einen **Frühbucherpreis** "
            "und Ratenzahlung an."
        ),
        "answer": (
            "Each training sets its own fee, in the local currency, and shows it on its page. "
            "The fee covers the teaching days and the course materials; travel, accommodation "
            "and the supervision hours between the modules are paid separately.\n\n"
            "Many trainings offer a lower **early-bird fee** for those who apply early, and most "
            "let you pay in instalments."
        ),
    },
    {
        "slug": "financial-help",
        "category": "practicalities",
        "topic": "finances",
        "question": "What if money keeps me from training?",
        "answer": (
            "Tell us. The application form asks whether you would like financial assistance, "
            "and what you write there is read only by the institute's staff. Depending on the "
            "training, we may offer instalments, a reduced fee or a place in a later cohort. "
            "Asking never counts against your application."
        ),
        "video_url": "https://videos.imago-faculty.example/finances",
    },
    {
        "slug": "where",
        "category": "practicalities",
        "topic": "locations",
        "question": "Where can I take the training?",
        "answer": (
            "Our faculty teach in more than 38 countries, and the first module is also taught "
            "online. The [list of trainings](/trainings/) finds the ones near a city you name; "
            "if none is scheduled close to you, [write to us](/contact/) and we will tell you "
            "when the next one is planned."
        ),
    },
    {
        "slug": "how-long",
        "category": "practicalities",
        "topic": "duration",
        "question": "How long does a training take?",
        "answer": (
            "- **Clinical Track:** four modules of four or five days, spread over about a year, "
            "with supervision between them.\n"
            "- **Professional Facilitator Training:** three modules of three days, usually "
            "over six to nine months.\n"
            "- **Online first module:** five days of live sessions.\n\n"
            "Each training's page gives its exact dates and contact hours."
        ),
    },
    {
        "slug": "online",
        "category": "practicalities",
        "topic": "online",
        "question": "Can I study online?",
        "question_es": "¿Puedo estudiar en línea?",
        "question_de": "Kann ich online lernen?",
        "answer_es": (
            "En parte. El primer módulo de la Formación clínica se imparte en directo en línea, "
            "con demostraciones y práctica en grupos pequeños; necesitas una cámara y un lugar "
            "tranquilo. Los módulos siguientes son presenciales."
        ),
        "answer_de": (
            "Teilweise. Das erste Modul der Klinischen Ausbildung findet live online statt, mit "
            "Demonstrationen und Übungen in kleinen Gruppen; Sie brauchen eine Kamera und einen "
            "ruhigen Raum. Die weiteren Module finden vor Ort statt."
        ),
        "answer": (
            "Partly. The first module of the Clinical Track is taught live online, with "
            "demonstrations and practice in small breakout groups; you need a camera and a "
            "quiet room. The later modules meet in person, because much of the learning "
            "happens in practice with others."
        ),
    },
    {
        "slug": "language",
        "category": "practicalities",
        "topic": "other",
        "question": "In which language is the training taught?",
        "answer": (
            "Usually in the language of the country where it takes place; some cohorts teach "
            "in English. Every training's page names its language, and the list of trainings "
            "can be searched by language."
        ),
    },
    {
        "slug": "qualification",
        "category": "during-and-after",
        "topic": "qualification",
        "question": "Which qualification do I receive?",
        "answer": (
            "After the Clinical Track, once the modules, the supervision hours, a written case "
            "study and a recorded session are complete, you are certified as an **Imago "
            "Relationship Therapist** and can join the international directory.\n\n"
            "The Professional Facilitator Training leads to the certificate of **Imago "
            "Professional Facilitator**, for leading dialogue sessions and short workshops in "
            "your own field. It does not qualify you to offer couples therapy."
        ),
    },
    {
        "slug": "trainers",
        "category": "during-and-after",
        "topic": "other",
        "question": "Who are the trainers?",
        "answer": (
            "Certified Imago therapists with many years of practice who have trained further "
            "as faculty. They teach on several continents and in many languages; each "
            "training's page names its trainers, and [our faculty page](/faculty/) introduces "
            "them all."
        ),
    },
    {
        "slug": "between-modules",
        "category": "during-and-after",
        "topic": "duration",
        "question": "What happens between the modules?",
        "answer": (
            "You put what you learnt into practice. Clinical trainees work with couples in "
            "their own practice and bring recorded sessions to supervision, in small groups and "
            "one to one. Facilitator trainees meet in practice pairs and join online coaching "
            "sessions."
        ),
    },
]
