"""A varied synthetic corpus of diplomatic news, for tests and timing runs (never for findings).

Each article mixes two or three of ``THEMES`` with the protocol sentences, dates and credits
real outlets print; every sentence is filled from templates and word lists written for this
module, so no two articles repeat each other. Articles and sentences come as the ``articles``
and ``sentences`` tables.

>>> articles, sentences = synthetic_corpus(3, seed=1)
>>> len(articles), bool(sentences.groupby("doc_id").size().min() >= 6)
(3, True)
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

PARTNERS = {"LVA": "Latvian", "BEL": "Belgian", "RUS": "Russian", "TUR": "Turkish", "GEO": "Georgian",
            "KAZ": "Kazakh", "ITA": "Italian", "HUN": "Hungarian", "PAK": "Pakistani", "UZB": "Uzbek"}
OUTLETS = ["Trend", "APA", "Report.az", "AZERTAC", "Reuters", "Interfax", "News.Az", "Azernews"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

# theme -> (sentence templates, fillers); {a} {b} {c} are drawn from the theme's fillers,
# {adj} is the partner's adjective, {n} a number.
THEMES: dict[str, tuple[list[str], dict[str, list[str]]]] = {
    "energy": ([
        "Deliveries of {a} through the {b} are expected to grow to {n} billion cubic metres.",
        "The {adj} company plans to buy {a} from the Caspian fields under a long-term {c}.",
        "Engineers will extend the {b} so that {a} reaches southern Europe without interruption.",
        "The sides reviewed the security of {a} supply and new investment in the {b}.",
        "A {c} on {a} transit was signed by the national energy companies.",
    ], {"a": ["natural gas", "crude oil", "liquefied gas", "gas condensate"],
        "b": ["Southern Gas Corridor", "pipeline network", "trans-Adriatic pipeline", "compressor stations"],
        "c": ["supply contract", "memorandum", "purchase agreement"]}),
    "renewables": ([
        "A {adj} investor will build a {n} megawatt {a} plant near the coast.",
        "The ministers agreed to connect {a} farms to a subsea {b} under the sea.",
        "Green hydrogen and {a} power will be exported through a new {b}.",
        "Solar panels and wind turbines will cover {n} percent of electricity demand, the {c} says.",
    ], {"a": ["solar", "offshore wind", "onshore wind", "hydropower"],
        "b": ["electricity cable", "transmission line", "interconnector"],
        "c": ["roadmap", "strategy", "feasibility study"]}),
    "transport": ([
        "Freight trains on the {a} carried {n} thousand containers along the Middle Corridor.",
        "The new {b} at the port of Alat will shorten cargo transit between Asia and Europe.",
        "Railway operators agreed on a single tariff for {c} crossing the Caspian by ferry.",
        "Customs posts on the {a} will be digitised to speed up {c}.",
        "Logistics companies presented plans for a {b} serving the {a}.",
    ], {"a": ["Baku-Tbilisi-Kars railway", "East-West route", "Zangezur corridor", "North-South route"],
        "b": ["container terminal", "logistics hub", "dry port"],
        "c": ["transit cargo", "container shipments", "freight wagons"]}),
    "trade": ([
        "Trade turnover between the two countries rose by {n} percent, driven by {a} exports.",
        "A business forum gathered {n} companies interested in {a} and {b}.",
        "The intergovernmental commission discussed removing barriers to {b} and mutual {c}.",
        "Exports of {a} to the {adj} market doubled, the trade statistics show.",
        "Investors were invited to the industrial park to produce {a} for export.",
    ], {"a": ["agricultural products", "textiles", "chemicals", "fruit and vegetables", "machinery"],
        "b": ["investment", "joint ventures", "free trade"],
        "c": ["investment protection", "tariff cuts", "market access"]}),
    "security": ([
        "The defence ministers signed a plan of {a} for the coming period.",
        "Officers will take part in joint {b} and exchange experience in {c}.",
        "The {adj} side offered training for military {c} and {a}.",
        "Army units will hold joint {b} near the border, the defence ministry announced.",
    ], {"a": ["military cooperation", "defence industry projects", "arms procurement"],
        "b": ["exercises", "command drills", "tactical manoeuvres"],
        "c": ["medical services", "cyber defence", "military education", "logistics"]}),
    "peace": ([
        "The minister briefed his counterpart on the peace treaty negotiations with Armenia.",
        "Delimitation of the state border with Armenia was discussed by the {a}.",
        "The {adj} side welcomed progress in the normalisation of relations in the South Caucasus.",
        "Mine clearance in the liberated territories remains a priority, the {a} said.",
        "Landmines killed {n} civilians since the end of the conflict, {b} in the liberated lands.",
        "A lasting peace in the region needs the mutual recognition of {c}.",
    ], {"a": ["commissions", "negotiators", "working group"],
        "b": ["most of them", "several of them", "many of them"],
        "c": ["territorial integrity", "sovereignty", "borders"]}),
    "climate": ([
        "Preparations for the climate conference COP29 were at the centre of the {a}.",
        "Countries must raise their {b} targets to keep warming below 1.5 degrees.",
        "The climate finance goal agreed at COP29 will fund {c} in vulnerable countries.",
        "Emissions from {c} should fall by {n} percent under the new climate plan.",
    ], {"a": ["consultations", "conversation", "round table"],
        "b": ["emission reduction", "adaptation", "decarbonisation"],
        "c": ["coastal adaptation", "clean energy projects", "forest protection", "heavy industry"]}),
    "education": ([
        "Universities of the two countries will exchange {n} students and lecturers a year.",
        "A {adj} language course opened at the university with {a}.",
        "Scholarships for {b} students were announced by the education ministry.",
        "The agreement on {c} covers joint degrees and research programmes.",
    ], {"a": ["a hundred students", "forty students", "new textbooks"],
        "b": ["master's", "doctoral", "undergraduate"],
        "c": ["higher education", "academic mobility", "vocational training"]}),
    "culture": ([
        "Days of {adj} culture will feature {a} and an exhibition of carpets.",
        "The cultural centre hosted a {b} dedicated to the poet Nizami Ganjavi.",
        "Musicians performed mugham and {a} at the festival of friendship.",
        "Tourist flows grew by {n} percent as direct flights connected the capitals.",
        "Heritage experts will restore {c} damaged during the occupation.",
    ], {"a": ["classical music", "folk dances", "jazz concerts"],
        "b": ["concert", "book presentation", "photo exhibition"],
        "c": ["mosques", "historical monuments", "museums"]}),
    "health": ([
        "Hospitals will share experience in {a} and modern {b}.",
        "A shipment of {c} was delivered to the health ministry.",
        "Doctors from both countries trained together in {a} during a {n}-day course.",
        "The pandemic response and {b} were discussed by the health ministers.",
    ], {"a": ["cardiac surgery", "paediatric care", "cancer treatment"],
        "b": ["medical equipment", "vaccine production", "telemedicine"],
        "c": ["vaccines", "medicines", "ambulances"]}),
    "digital": ([
        "A fibre-optic {a} under the Caspian will carry data between Europe and Asia.",
        "Start-ups in {b} will receive grants from the innovation agency.",
        "The countries will cooperate on {c} and e-government services.",
        "Satellite operators agreed to share {b} capacity for {n} years.",
    ], {"a": ["cable", "digital corridor", "data link"],
        "b": ["artificial intelligence", "fintech", "satellite communication"],
        "c": ["cyber security", "digital signatures", "data centres"]}),
    "agriculture": ([
        "Farmers will receive modern {a} to raise yields of {b}.",
        "Veterinary services agreed on the export of {c} and dairy products.",
        "Irrigation projects will bring water to {n} thousand hectares of {b}.",
        "A joint venture will process {b} and export it under a common brand.",
    ], {"a": ["irrigation systems", "tractors", "greenhouses"],
        "b": ["cotton", "wheat", "hazelnuts", "pomegranates"],
        "c": ["livestock", "poultry", "lamb"]}),
}
PROTOCOL = [
    "The sides exchanged views on bilateral relations and issues of mutual interest.",
    "The {adj} minister thanked his counterpart for the warm hospitality in Baku.",
    "The meeting took place on {weekday}, {day} {month}, in the capital.",
    "The visit was the first at this level in {n} years.",
]
CREDITS = ["{outlet} reports.", "Photo: {outlet}", "Follow us on Telegram for the latest news.",
           "Read more on {outlet}."]


def _fill(template: str, fillers: dict[str, list[str]], adj: str, rng: np.random.Generator) -> str:
    slots = {key: str(rng.choice(values)) for key, values in fillers.items()}
    return template.format(adj=adj, n=int(rng.integers(2, 95)), outlet=str(rng.choice(OUTLETS)),
                           weekday=str(rng.choice(WEEKDAYS)), month=str(rng.choice(MONTHS)),
                           day=int(rng.integers(1, 29)), **slots)


def synthetic_corpus(n_articles: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n_articles`` articles (English, each with a partner and a date, one in ten undated)
    and their sentences: 2-3 themes of 2-4 sentences each, a protocol sentence, a credit."""
    rng = np.random.default_rng(seed)
    themes = list(THEMES)
    partners = list(PARTNERS)
    articles, sentences = [], []
    for i in range(n_articles):
        doc_id = f"syn_{i:06d}"
        partner = str(rng.choice(partners))
        adj = PARTNERS[partner]
        day = dt.date(2019, 1, 1) + dt.timedelta(days=int(rng.integers(0, 2190)))
        published = None if i % 10 == 9 else day
        texts = [_fill(str(rng.choice(PROTOCOL)), {}, adj, rng)]
        for theme in rng.choice(themes, size=int(rng.integers(2, 4)), replace=False):
            templates, fillers = THEMES[str(theme)]
            picked = rng.choice(len(templates), size=int(rng.integers(2, 5)), replace=False)
            texts += [_fill(templates[j], fillers, adj, rng) for j in sorted(picked)]
        texts.append(_fill(str(rng.choice(CREDITS)), {}, adj, rng))
        start = 0
        for sent_id, text in enumerate(texts):
            sentences.append({"doc_id": doc_id, "sent_id": sent_id, "para_id": sent_id,
                              "start_char": start, "end_char": start + len(text), "text": text})
            start += len(text) + 2
        articles.append({"doc_id": doc_id, "language": "en", "partner_iso3": partner,
                         "published": pd.Timestamp(published) if published else pd.NaT})
    return pd.DataFrame(articles), pd.DataFrame(sentences)


def timed_fit(n_articles: int, seed: int = 0) -> dict[str, float | int | bool]:
    """Fit the synthetic corpus of ``n_articles`` with the hashing embedder and time each step
    (wall-clock seconds; the sentence model's own time is measured separately, see docs)."""
    import time

    from corpuskit.topics.embeddings import hashing_embed
    from corpuskit.topics.model import TopicSettings, fit_topics
    from corpuskit.topics.units import build_units
    from corpuskit.topics.vocabulary import has_content, shared_vocabulary, stop_words

    start = time.perf_counter()
    articles, sentences = synthetic_corpus(n_articles, seed)
    units = build_units(articles, sentences)
    settings = TopicSettings.for_size(len(units))
    vocabulary = shared_vocabulary(units["text"], stop_words(units["partner_iso3"].unique()), settings.min_df)
    units = units[has_content(units["text"], vocabulary)].reset_index(drop=True)
    vectors = hashing_embed(units["text"].tolist())
    prepared = time.perf_counter()
    fit = fit_topics(units, vectors, vocabulary, settings)
    done = time.perf_counter()
    return {"n_units": len(units), "prepare_s": round(prepared - start, 1),
            "fit_s": round(done - prepared, 1),
            "k": fit.k, "stable": fit.choice.stable,
            "largest_share": round(float(fit.assignments["topic"].value_counts(normalize=True).max()), 3)}
