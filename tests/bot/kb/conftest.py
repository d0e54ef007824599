"""A small, real knowledge base: eight muscles, a few zones under three regions, sourced."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.kb import builder
from bot.kb.loader import CSV_COLUMNS
from bot.kb.loader import MUSCLES as MUSCLES_CSV
from bot.kb.query import ReferralKB

SOURCES = """\
id,citation,url
travell_simons,"Simons, Travell & Simons, Myofascial Pain and Dysfunction, 2nd ed., 1999",
davies,"Davies & Davies, The Trigger Point Therapy Workbook, 3rd ed., 2013",https://example.org/workbook
service,Service guidance: the business's own advice,
"""


def csv_text(rows: list[list[str]]) -> str:
    """Rows (header first) as CSV text, one line per row."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


MUSCLE_COLUMNS = list(CSV_COLUMNS[MUSCLES_CSV])
MUSCLES = csv_text(
    [
        MUSCLE_COLUMNS,
        [
            "upper_trapezius",
            "Upper trapezius",
            "traps;upper traps",
            "neck",
            "Along the top of the shoulder, from neck to shoulder tip.",
            "Pinch and hold 30-90 s.",
            "Ear to shoulder.",
            "",
            "davies",
        ],
        [
            "levator_scapulae",
            "Levator scapulae",
            "",
            "neck",
            "At the angle of neck and shoulder, under the trapezius.",
            "Ball against a wall.",
            "Nose to armpit.",
            "",
            "davies",
        ],
        [
            "temporalis",
            "Temporalis",
            "",
            "head",
            "Over the temple above the ear.",
            "Fingertip circles.",
            "Open the mouth slowly.",
            "",
            "davies",
        ],
        [
            "masseter",
            "Masseter",
            "jaw muscle",
            "head",
            "On the side of the jaw below the cheekbone.",
            "Press with two fingers.",
            "Open the mouth wide.",
            "Not after jaw surgery.",
            "travell_simons",
        ],
        [
            "piriformis",
            "Piriformis",
            "",
            "hip",
            "Deep in the buttock.",
            "Ball on the floor.",
            "Figure-four stretch.",
            "Never on the sciatic nerve.",
            "service",
        ],
        [
            "gluteus_minimus",
            "Gluteus minimus",
            "",
            "hip",
            "On the side of the hip below the rim of the pelvis.",
            "Ball against a wall.",
            "Leg across behind.",
            "",
            "davies",
        ],
        [
            "gastrocnemius",
            "Gastrocnemius",
            "calf muscle",
            "leg",
            "The bulk of the calf.",
            "Thumbs into the calf.",
            "Wall calf stretch.",
            "",
            "davies",
        ],
        [
            "soleus",
            "Soleus",
            "",
            "leg",
            "Low in the calf under the gastrocnemius.",
            "Ball under the calf.",
            "Bent-knee calf stretch.",
            "",
            "davies",
        ],
    ]
)


ZONES = """\
- id: head
  name: Head
  parent:
  phrasings: [head, side of head]
- id: temple
  name: Temple
  parent: head
  phrasings: [temple, temples, side of my head]
  prefer_over: [head]
- id: jaw
  name: Jaw
  parent: head
  phrasings: [jaw, jaw joint]
- id: neck
  name: Neck
  parent:
  phrasings: [neck]
- id: side_of_neck
  name: Side of neck
  parent: neck
  phrasings: [side of my neck]
- id: leg
  name: Leg
  parent:
  phrasings: [leg, legs]
- id: back_of_thigh
  name: Back of thigh
  parent: leg
  phrasings: [back of my leg, back of the thigh, hamstring]
- id: outer_thigh
  name: Outer thigh
  parent: leg
  phrasings: [outer thigh, outside of my thigh]
- id: calf
  name: Calf
  parent: leg
  phrasings: [calf]
- id: shoulder_blade
  name: Shoulder blade
  parent:
  phrasings: [shoulder blade, shoulder blades]
"""

REFERRALS = """\
muscle,zone,kind,source,note
upper_trapezius,neck,primary,travell_simons,
upper_trapezius,temple,primary,travell_simons,
upper_trapezius,jaw,spillover,travell_simons,angle of the jaw
levator_scapulae,neck,primary,travell_simons,
levator_scapulae,shoulder_blade,spillover,davies,
temporalis,temple,primary,travell_simons,
masseter,jaw,primary,travell_simons,
masseter,temple,spillover,davies,
piriformis,back_of_thigh,primary,travell_simons,
gluteus_minimus,outer_thigh,primary,travell_simons,
gluteus_minimus,back_of_thigh,primary,travell_simons,
gluteus_minimus,calf,spillover,davies,
gastrocnemius,calf,primary,travell_simons,
soleus,calf,primary,travell_simons,
"""

TRIGGERS = """\
- id: desk_work
  name: Desk work
  phrasings: [desk work, sitting at a desk, computer]
  explanation: Hours with the head forward keep the neck muscles loaded.
  advice: Raise the screen and stand up every half hour.
  muscles:
    - {muscle: upper_trapezius, source: davies}
- id: running
  name: Running
  phrasings: [running, jogging]
  explanation: Repeated push-off loads the calf.
  advice: Build mileage slowly.
  muscles:
    - {muscle: gastrocnemius, source: davies}
    - {muscle: soleus, source: davies}
- id: driving
  name: Driving
  phrasings: [driving, long drives]
  explanation: Sitting on a wallet or with the hip turned loads the deep hip muscles.
  advice: Take breaks.
  muscles:
    - {muscle: gluteus_minimus, source: davies}
    - {muscle: piriformis, source: davies}
"""

CARE = """\
- id: heat
  topic: heat
  text: Warmth before treatment helps; cold does not.
  source: service
- id: hold_pressure
  topic: pressure
  text: Hold firm pressure 30 to 90 seconds.
  source: davies
"""

RED_FLAGS = """\
- id: possible_clot
  name: Possible blood clot
  level: urgent
  when:
    - [calf_site, swollen]
    - {all: [calf_site, hot], within: 4}
  area: [calf]
  advice: Call NHS 111 today.
  source: service
"""

SAFETY_CONCEPTS = """\
- id: calf_site
  kind: site
  terms: [calf, calves]
- id: swollen
  kind: sign
  terms: [swollen, swelling, puffed up]
- id: hot
  kind: sign
  terms: [hot, warm]
"""

SAFETY_CONTEXT = """\
- id: denied
  category: negated
  direction: forward
  terms: ["no", not, never]
- id: past
  category: historical
  direction: both
  terms: [years ago]
- id: still
  category: recent
  direction: override
  terms: [still, again]
- id: ends
  category: terminate
  direction: terminate
  terms: [but]
"""

SCREENING = """\
- id: leg
  concepts: [calf_site]
  zones: [calf]
  question: Is your calf swollen, hot or red?
  answer_yes: "Yes"
  answer_no: "No"
  flag: possible_clot
"""

PRECAUTIONS = """\
- id: clot_history
  name: A blood clot in the past
  label: A past blood clot
  when:
    - [calf_site, swollen]
  no_pressure: [calf]
  no_heat: false
  gentle: false
  advice: Leave the calves out.
  therapist: "past clot: no leg massage"
  source: service
"""

FILES = {
    "sources.csv": SOURCES,
    "muscles.csv": MUSCLES,
    "zones.yml": ZONES,
    "referrals.csv": REFERRALS,
    "triggers.yml": TRIGGERS,
    "care.yml": CARE,
    "red_flags.yml": RED_FLAGS,
    "safety_concepts.yml": SAFETY_CONCEPTS,
    "safety_context.yml": SAFETY_CONTEXT,
    "screening.yml": SCREENING,
    "precautions.yml": PRECAUTIONS,
}


def write_data(data_dir: Path, files: dict[str, str]) -> Path:
    """Write `files` (name -> content) into `data_dir` and return it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (data_dir / name).write_text(content, encoding="utf-8")
    return data_dir


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh copy of the small data set, free to edit."""
    return write_data(tmp_path / "data" / "kb", FILES)


@pytest.fixture
def edit(data_dir: Path) -> Callable[[str, str, str], None]:
    """Replace `old` with `new` in one data file (the text must be there)."""

    def replace(name: str, old: str, new: str) -> None:
        path = data_dir / name
        content = path.read_text(encoding="utf-8")
        assert old in content, f"{old!r} not in {name}"
        path.write_text(content.replace(old, new, 1), encoding="utf-8")

    return replace


@pytest.fixture(scope="session")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small data set built once per session (the queries only read it)."""
    base = tmp_path_factory.mktemp("kb")
    db_path = base / "kb.db"
    builder.build(write_data(base / "data", FILES), db_path)
    return db_path


@pytest.fixture
def kb(kb_path: Path) -> ReferralKB:
    """A fresh `ReferralKB` on the session's small knowledge base."""
    return ReferralKB(kb_path)
