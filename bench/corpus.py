"""A synthetic corpus of UK committee agenda items for the search benchmark.

Text is assembled from sentences in the register of real committee papers
(reports, minutes, resolutions) with a seeded random generator, so every run
indexes the same ~1.5 KB per item. Topic phrases such as "edge of care" occur
in a small share of items, and their words occur apart in many more, which is
what makes phrase queries both selective and hard.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

COUNCILS = [
    "thurrock",
    "kingston",
    "manchester",
    "stockport",
    "tameside",
    "staffordshire",
    "essex",
    "kent",
    "surrey",
    "norfolk",
    "suffolk",
    "devon",
    "cornwall",
    "leeds",
    "bradford",
    "sheffield",
    "bristol",
    "derby",
    "luton",
    "medway",
]
COMMITTEES = [
    "Cabinet",
    "Children's Services Overview and Scrutiny Committee",
    "Corporate Parenting Panel",
    "Health and Wellbeing Board",
    "Schools Forum",
    "Adult Social Care Scrutiny Committee",
    "Planning Committee",
    "Audit and Governance Committee",
]
TOPICS = [
    "edge of care",
    "looked after children",
    "special educational needs and disabilities",
    "home to school transport",
    "placement sufficiency",
    "youth offending service",
    "adult social care",
    "the dedicated schools grant",
    "early help",
    "child protection plans",
    "foster carers",
    "residential care homes",
    "care leavers",
    "school exclusions",
    "mental health support",
    "the high needs block",
    "unaccompanied asylum seeking children",
    "the local offer",
    "short breaks",
    "family hubs",
    "domestic abuse",
    "housing allocations",
]
OPENERS = [
    "The Assistant Director presented the report on {t}.",
    "Members considered the report of the Corporate Director concerning {t}.",
    "The Committee received an update on {t} and the actions arising from the last inspection.",
    "The Cabinet Member for Children and Families introduced the item on {t}.",
    "Officers outlined the current position on {t} across the borough.",
]
MIDDLES = [
    "It was noted that demand had increased by {n} per cent over the previous year.",
    "Members asked whether the budget for {t} would be sufficient in {y}.",
    "The service had worked with partners in health and the police to improve outcomes.",
    "A Member raised concerns about the waiting times reported by families.",
    "The officer explained that the figures would be published in the quarterly "
    "performance report.",
    "Members welcomed the progress made and thanked staff for their work with children "
    "and young people.",
    "The Committee asked for further information on the cost of agency placements.",
    "It was reported that {n} children were supported during the period.",
    "The report set out the risks to the council and the mitigation in place.",
    "Members discussed the impact on schools and the views of parents and carers.",
    "The Chair asked that a briefing note on {t} be circulated to all Members.",
    "The edge of the budget envelope and the care market were discussed.",
    "Officers confirmed that the care offer at the edge of the borough would be reviewed.",
    "The consultation with young people and their families closed in {m} {y}.",
    "It was explained that the council must meet its statutory duties under the Children Act 1989.",
    "A Member asked about the number of complaints received and how they were resolved.",
]
RESOLUTIONS = [
    "RESOLVED: That the Committee notes the report on {t}.",
    "RESOLVED: That the recommendations on {t} be approved and referred to Cabinet.",
    "RESOLVED: That a further report on {t} be brought to the Committee in {m} {y}.",
]
MONTHS = ["January", "March", "June", "September", "November"]


def item_text(rng: random.Random, target: int = 1500) -> tuple[str, str]:
    """A title and ~`target` bytes of minutes text."""
    topic = rng.choice(TOPICS)
    fill = {"t": topic, "n": 0, "y": 0, "m": ""}
    parts = [rng.choice(OPENERS).format(**fill)]
    size = len(parts[0])
    while size < target - 120:
        fill.update(
            t=rng.choice(TOPICS) if rng.random() < 0.3 else topic,
            n=rng.randint(2, 400),
            y=rng.randint(2015, 2026),
            m=rng.choice(MONTHS),
        )
        sentence = rng.choice(MIDDLES).format(**fill)
        parts.append(sentence)
        size += len(sentence) + 1
    parts.append(rng.choice(RESOLUTIONS).format(**fill))
    return topic[0].upper() + topic[1:], " ".join(parts)


def items(count: int, seed: int = 2026) -> Iterator[dict[str, object]]:
    """`count` agenda items with council, committee and meeting date."""
    rng = random.Random(seed)
    start = datetime(2014, 1, 1, 19, 0)
    for number in range(count):
        title, text = item_text(rng)
        yield {
            "council": COUNCILS[number % len(COUNCILS)],
            "committee": COMMITTEES[rng.randrange(len(COMMITTEES))],
            "start": start + timedelta(days=rng.randrange(12 * 365)),
            "title": title,
            "minutes": text,
        }
