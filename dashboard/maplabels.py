"""What a map writes on its units, so that a printed page, a slide or a phone (none of which has hover)
still says which shape is which commune. Pure: names and shapes in, labels out.

A hexagon map of the 54 units of 2025 has room for short names ("Hà Tu"); the 177 and 171 hexagons of
the earlier maps do not, so each unit gets an abbreviation ("HT") that the key beside the map spells
out. On a boundary map a name is written inside its unit where it fits; a unit too small for its name
gets a number, spelled out in the same key.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import shapely
import shapely.affinity
from shapely.geometry import shape
from shapely.ops import polylabel

from core.unit_types import district_short_name, short_name

SHORT_NAMES_UP_TO = 60  # hexagons of a map with at most this many units are large enough for names
LINE_CHARACTERS = 9  # a short name longer than this is split over two lines inside a hexagon
# How wide a character of the map's label font is, as a share of its size (Source Sans / DejaVu: 0.5–0.6).
CHARACTER_WIDTH = 0.58
LINE_HEIGHT = 1.2


@dataclass(frozen=True)
class Label:
    """What is written on one unit, and where (in the map's own plane)."""

    code: str
    x: float
    y: float
    text: str  # as written on the map: a name (maybe on two lines), an abbreviation or a number
    keyed: bool  # the text is an abbreviation or a number that the key spells out
    # Where the unit is, when its label had to move off it (a small unit among crowded ones): the map
    # draws a thin line from here to the label.
    anchor: tuple[float, float] | None = None


def two_lines(text: str, width: int = LINE_CHARACTERS) -> str:
    """A name split at the space nearest its middle when it is longer than `width` ("Quảng<br>Hà")."""
    words = text.split()
    if len(text) <= width or len(words) < 2:
        return text
    cut = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(text) / 2))
    return " ".join(words[:cut]) + "<br>" + " ".join(words[cut:])


def abbreviations(units: pd.DataFrame) -> dict[str, str]:
    """A short, stable abbreviation per unit (`code`, `name`): the initials of its short name ("Hà Khánh"
    → "HK"). Units whose initials coincide add the next letter of their last word ("Cẩm Tây" → "CTa",
    "Cẩm Thạch" → "CTh"), then a number in the order of their codes; so the same edition always gets the
    same abbreviations."""
    names = {code: short_name(name).split() or ["?"] for code, name in zip(units["code"], units["name"], strict=True)}
    initials = {code: "".join(_letter(word[0]) for word in words) for code, words in names.items()}
    shared = pd.Series(initials).duplicated(keep=False)
    longer = {
        code: text + (_letter(names[code][-1][1:2]).lower() if shared[code] else "") for code, text in initials.items()
    }
    counts: dict[str, int] = {}
    result = {}
    for code in sorted(longer):
        counts[longer[code]] = counts.get(longer[code], 0) + 1
        result[code] = longer[code] if counts[longer[code]] == 1 else f"{longer[code]}{counts[longer[code]]}"
    return result


def _letter(character: str) -> str:
    # The base letter, tone marks dropped ("Ẩ" → "A"); "Đ" stays "Đ": it is a letter of its own.
    base = unicodedata.normalize("NFD", character)[:1]
    return unicodedata.normalize("NFC", base).upper()


def hexagon_labels(units: pd.DataFrame, centres: dict[str, tuple[float, float]]) -> list[Label]:
    """Labels at the centres of the hexagons: short names on a map of few units, abbreviations otherwise."""
    if len(units) <= SHORT_NAMES_UP_TO:
        texts = {code: two_lines(short_name(name)) for code, name in zip(units["code"], units["name"], strict=True)}
        keyed = False
    else:
        texts, keyed = abbreviations(units), True
    return [Label(code, *centres[code], texts[code], keyed) for code in units["code"] if code in centres]


def boundary_labels(units: pd.DataFrame, shapes: dict, font_px: float, px_per_degree: float) -> list[Label]:
    """A label inside each unit's shape: its short name where the name's box fits inside the unit at
    `font_px` on a map drawn at `px_per_degree` (of latitude), a number otherwise (numbered north to
    south, then west to east, for the key). A number that would touch another label moves off its unit,
    with a leader line (see `_spread`)."""
    geometries = {feature["id"]: shape(feature["geometry"]) for feature in shapes["features"]}
    names = dict(zip(units["code"], units["name"], strict=True))
    placed = []
    for code, geometry in geometries.items():
        if code in names:
            text = two_lines(short_name(names[code]))
            x, y, fits = _place(geometry, text, font_px, px_per_degree)
            placed.append((code, x, y, text, fits))
    numbered = sorted((p for p in placed if not p[4]), key=lambda p: (-round(p[2], 2), p[1]))
    numbers = {p[0]: str(index) for index, p in enumerate(numbered, start=1)}
    labels = [
        Label(code, x, y, text if fits else numbers[code], not fits)
        for code, x, y, text, fits in sorted(placed, key=lambda p: p[0])
    ]
    return _spread(labels, [geometries[code] for code in names if code in geometries], font_px, px_per_degree)


# How far a crowded number may move, in steps of a line's height, and the directions it tries, south
# first: Quảng Ninh's small wards crowd along its coast, and the sea below has room.
LEADER_STEPS = (2, 3, 4, 5, 6)
LEADER_DIRECTIONS = ((0, -1), (1, -1), (-1, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (0, 1))


def _spread(labels: list[Label], land: list[shapely.Geometry], font_px: float, px_per_degree: float) -> list[Label]:
    """Numbers whose boxes touch another label move to the nearest free spot (over the sea if one is
    near, else over land where no label is), keeping their unit as the anchor of a leader line. Names,
    which fit inside their units, stay; numbers are settled in the key's order."""
    if not labels:
        return labels
    squeeze = math.cos(math.radians(sum(label.y for label in labels) / len(labels)))
    pad = 0.15 * font_px / px_per_degree  # a little air between two labels

    def box(label: Label, x: float, y: float) -> shapely.Geometry:
        half_width = _text_width(label.text, font_px) / 2 / px_per_degree + pad
        half_height = font_px * LINE_HEIGHT * (label.text.count("<br>") + 1) / 2 / px_per_degree + pad
        return shapely.box(x * squeeze - half_width, y - half_height, x * squeeze + half_width, y + half_height)

    settled = {label.code: box(label, label.x, label.y) for label in labels if not label.keyed}
    result = {label.code: label for label in labels}
    # The units' shapes in a search tree: whether a spot is over land is asked dozens of times.
    even_land = shapely.STRtree([shapely.affinity.scale(g, xfact=squeeze, yfact=1.0, origin=(0, 0)) for g in land])
    numbers = sorted((label for label in labels if label.keyed), key=lambda label: _as_number(label.text))
    for label in numbers:
        here = box(label, label.x, label.y)
        if not any(here.intersects(other) for other in settled.values()):
            settled[label.code] = here
            continue
        spot = _free_spot(label, settled, even_land, font_px * LINE_HEIGHT / px_per_degree, squeeze, box)
        if spot is None:  # nowhere free nearby: it stays on its unit
            settled[label.code] = here
            continue
        x, y = spot
        settled[label.code] = box(label, x, y)
        result[label.code] = Label(label.code, x, y, label.text, label.keyed, anchor=(label.x, label.y))
    return [result[label.code] for label in labels]


def _free_spot(
    label: Label,
    settled: dict[str, shapely.Geometry],
    even_land: shapely.STRtree,
    step: float,
    squeeze: float,
    box: Callable[[Label, float, float], shapely.Geometry],
) -> tuple[float, float] | None:
    """The first spot, nearest first, where the label's box touches no other label: over the sea where
    one is within reach, else the first free one over land."""
    over_land = None
    for steps in LEADER_STEPS:
        for dx, dy in LEADER_DIRECTIONS:
            x, y = label.x + dx * steps * step / squeeze, label.y + dy * steps * step
            candidate = box(label, x, y)
            if any(candidate.intersects(other) for other in settled.values()):
                continue
            if not len(even_land.query(candidate, predicate="intersects")):
                return x, y
            over_land = over_land or (x, y)
    return over_land


def _as_number(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _place(geometry: shapely.Geometry, text: str, font_px: float, px_per_degree: float) -> tuple[float, float, bool]:
    """Where the label goes (the point deepest inside the unit's largest part) and whether the text's box
    lies inside the unit there (nine tenths of it at least: the corners of a box may touch the edge).
    Longitudes are squeezed by the latitude's cosine first, so that the box has the shape it is drawn
    with on the map."""
    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda part: part.area)
    squeeze = math.cos(math.radians(largest.centroid.y))
    even = shapely.affinity.scale(largest, xfact=squeeze, yfact=1.0, origin=(0, 0))
    point = polylabel(even, tolerance=0.0005)
    half_width = _text_width(text, font_px) / 2 / px_per_degree
    half_height = font_px * LINE_HEIGHT * (text.count("<br>") + 1) / 2 / px_per_degree
    box = shapely.box(point.x - half_width, point.y - half_height, point.x + half_width, point.y + half_height)
    fits = even.intersection(box).area >= 0.9 * box.area
    return point.x / squeeze, point.y, fits


def _text_width(text: str, font_px: float) -> float:
    return max(len(line) for line in text.split("<br>")) * font_px * CHARACTER_WIDTH


def key_entries(units: pd.DataFrame, labels: list[Label]) -> pd.DataFrame:
    """The key to the keyed labels: label, name and district (when the edition has districts), in the
    order a reader looks them up (by district, then by label)."""
    written = {label.code: label.text for label in labels if label.keyed}
    frame = units[units["code"].isin(written)][["code", "name", "district_name"]].copy()
    frame["label"] = frame["code"].map(written)
    number = pd.to_numeric(frame["label"], errors="coerce")
    frame = frame.assign(_number=number).sort_values(["district_name", "_number", "label"], na_position="last")
    return frame.drop(columns="_number").reset_index(drop=True)


def key_groups(key: pd.DataFrame) -> list[tuple[str, list[tuple[str, str]]]]:
    """The key by district (one group with an empty name when the map has no districts): each a list of
    (label, unit name), for the page's key and the printed one."""
    groups = []
    for district, rows in key.groupby(key["district_name"].fillna(""), sort=False):
        groups.append((str(district), list(zip(rows["label"], rows["name"], strict=True))))
    return groups


def printed_key(key: pd.DataFrame) -> tuple[str, ...]:
    """The key as lines for print: each district's name in bold, then its units' labels and short names."""
    lines: list[str] = []
    for district, entries in key_groups(key):
        if district:
            lines.append(f"<b>{district_short_name(district)}</b>")
        lines += [f"<b>{label}</b> {short_name(name)}" for label, name in entries]
    return tuple(lines)
