"""The slide layouts a PowerPoint pack is built on: python-pptx's own template made 16:9 with the house
font, or the province's template (`--template FILE.pptx`, the briefing page's uploader).

Layouts are found by the placeholders they hold, never by name (a Vietnamese template calls "Title and
Content" "Tiêu đề và Nội dung"): a *content* layout has one title and one body or content placeholder and
nothing else that asks to be filled; a *title* layout has a title and a subtitle. A template without a
content layout cannot carry the pack and is refused, before any work, with a `TemplateError`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.slide import SlideLayout
from pptx.util import Emu, Inches

from core.errors import UsageError
from core.formats import format_number
from core.limits import MAX_EXPANDED_BYTES, MAX_FILE_BYTES, MEGABYTE, archive_too_big
from core.messages import LANGUAGES, Text
from dashboard import style

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: PowerPoint's own 16:9
TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
BODIES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
FURNITURE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.HEADER}
# A .potx is a .pptx whose main part says "template": python-pptx opens only the latter.
TEMPLATE_TYPE = b"presentationml.template.main+xml"
PRESENTATION_TYPE = b"presentationml.presentation.main+xml"


class TemplateError(UsageError):
    """A PowerPoint template the pack cannot be built on; `code` says why (a `briefing_template_reason.*` key)."""

    def __init__(self, name: str, reason: str, **values: object) -> None:
        super().__init__(
            "briefing_error_template",
            code=f"template_{reason}",
            file=name,
            reason=Text(f"briefing_template_reason.{reason}", **values),
        )


@dataclass(frozen=True)
class Template:
    """A template as uploaded or read from disk: its bytes and its file name (for messages)."""

    data: bytes
    name: str


@dataclass(frozen=True)
class Layouts:
    """The deck to add slides to, and the two layouts the pack uses."""

    deck: Deck
    title: SlideLayout  # the title slide: a title and a subtitle (else the content layout)
    content: SlideLayout  # every other slide: a title and a body


# --- finding layouts by their placeholders ---------------------------------------------------------------------


def placeholders(holder) -> list:
    """The placeholders of a slide, layout or master, in order (read from its shapes)."""
    return [shape for shape in holder.shapes if shape.is_placeholder]


def _kinds(layout: SlideLayout) -> list[PP_PLACEHOLDER]:
    """The placeholder types a slide of this layout would ask to fill (footer, date and number aside);
    vertical text counts as something else, since a narrative cannot be written in it."""
    kinds = []
    for shape in placeholders(layout):
        kind = shape.placeholder_format.type
        if kind in FURNITURE:
            continue
        vertical = shape.element.ph is not None and shape.element.ph.get("orient") == "vert"
        kinds.append(PP_PLACEHOLDER.VERTICAL_BODY if vertical else kind)
    return kinds


def _area(layout: SlideLayout, kinds: set[PP_PLACEHOLDER]) -> int:
    sizes = [int(p.width or 0) * int(p.height or 0) for p in placeholders(layout) if p.placeholder_format.type in kinds]
    return sum(sizes)


def content_layouts(deck: Deck) -> list[SlideLayout]:
    """Layouts with exactly one title and one body or content placeholder, the largest body first."""
    found = []
    for layout in deck.slide_layouts:
        kinds = _kinds(layout)
        titles, bodies = [k for k in kinds if k in TITLES], [k for k in kinds if k in BODIES]
        if len(titles) == 1 and len(bodies) == 1 and len(kinds) == 2:
            found.append(layout)
    return sorted(found, key=lambda layout: -_area(layout, BODIES))


def title_layout(deck: Deck) -> SlideLayout | None:
    """A layout with one title and one subtitle, and nothing else to fill."""
    for layout in deck.slide_layouts:
        if sorted(_kinds(layout)) in (
            sorted([PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE]),
            sorted([PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.SUBTITLE]),
        ):
            return layout
    return None


def find_layouts(deck: Deck, name: str) -> Layouts:
    content = content_layouts(deck)
    if not content:
        raise TemplateError(name, "no_layout")
    return Layouts(deck, title_layout(deck) or content[0], content[0])


def placeholder(slide_or_layout, kinds: set[PP_PLACEHOLDER]):
    """The first placeholder of one of `kinds`, or None."""
    return next((p for p in placeholders(slide_or_layout) if p.placeholder_format.type in kinds), None)


# --- the province's template --------------------------------------------------------------------------------------


def check_template(template: Template) -> None:
    """Opens the template and finds its layouts, as the pack will: TemplateError when it cannot be used."""
    find_layouts(_open(template), template.name)


def template_layouts(template: Template | None) -> Layouts:
    """The layouts of `template`, its own slides removed (only its masters and layouts are kept), or of the
    default template."""
    if template is None:
        return default_layouts()
    deck = _open(template)
    _remove_slides(deck)
    return find_layouts(deck, template.name)


def _open(template: Template) -> Deck:
    """The template as a presentation, bounded like every upload (core.limits) before anything is expanded."""
    data, name = template.data, template.name
    check_size(len(data), name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            _check_expansion(parts, name)
            data = _as_presentation(archive, parts, data)
        return Presentation(io.BytesIO(data))
    except TemplateError:
        raise
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        etree.LxmlError,
        OSError,
        EOFError,
    ) as error:
        raise TemplateError(name, "unreadable") from error


def check_size(size: int, name: str) -> None:
    """No larger than any upload may be (the page's uploader has the same limit)."""
    if size > MAX_FILE_BYTES:
        size_vi, size_en = (format_number(size / MEGABYTE, lang, 1) for lang in LANGUAGES)
        raise TemplateError(name, "too_large", limit=MAX_FILE_BYTES // MEGABYTE, size_vi=size_vi, size_en=size_en)


def _check_expansion(parts: list[zipfile.ZipInfo], name: str) -> None:
    """The archive's directory must promise no more than an upload may expand to (`core.limits`' one rule,
    which the workbook reader applies too)."""
    if archive_too_big(parts):
        raise TemplateError(name, "expands", limit=MAX_EXPANDED_BYTES // MEGABYTE)


def _as_presentation(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], data: bytes) -> bytes:
    """A .potx rewritten as the .pptx it is but for one content type; anything else as it came."""
    types = archive.read("[Content_Types].xml")
    if TEMPLATE_TYPE not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for part in parts:
            body = archive.read(part)
            if part.filename == "[Content_Types].xml":
                body = types.replace(TEMPLATE_TYPE, PRESENTATION_TYPE)
            copy.writestr(part, body)
    return out.getvalue()


def _remove_slides(deck: Deck) -> None:
    """A template may come with example slides: the pack starts from none (python-pptx has no API for it)."""
    slide_ids = deck.slides._sldIdLst
    for slide_id in list(slide_ids):
        deck.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)


# --- the default template ------------------------------------------------------------------------------------------


def default_layouts() -> Layouts:
    """python-pptx's own template at 16:9, its text in the house font (style.PRINT_FONT, every Vietnamese
    letter), the content layout's title made shorter so the body has the slide's height."""
    deck = Presentation()
    _widen(deck)
    _theme_font(deck, style.PRINT_FONT)
    layouts = find_layouts(deck, "default")
    for holder in (deck.slide_master, layouts.content):
        _place(placeholder(holder, TITLES), Inches(0.4), Inches(0.25), WIDTH - Inches(0.8), Inches(0.8))
        _place(placeholder(holder, BODIES), Inches(0.4), Inches(1.15), WIDTH - Inches(0.8), Inches(5.65))
        _place(placeholder(holder, {PP_PLACEHOLDER.FOOTER}), Inches(0.4), Inches(6.95), Inches(10.5), Inches(0.4))
        _place(
            placeholder(holder, {PP_PLACEHOLDER.SLIDE_NUMBER}), Inches(11.0), Inches(6.95), Inches(1.93), Inches(0.4)
        )
    return layouts


def _widen(deck: Deck) -> None:
    """16:9: every placeholder placed by the master or a layout stretched across the wider slide."""
    scale = WIDTH / deck.slide_width
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    for shapes in [deck.slide_master.shapes, *(layout.shapes for layout in deck.slide_layouts)]:
        for shape in shapes:
            if shape.element.xfrm is not None:  # a shape that inherits its place moves with the master's
                shape.left, shape.width = Emu(int(shape.left * scale)), Emu(int(shape.width * scale))


def _place(shape, left: int, top: int, width: int, height: int) -> None:
    if shape is not None:
        shape.left, shape.top, shape.width, shape.height = (Emu(int(v)) for v in (left, top, width, height))


def _theme_font(deck: Deck, family: str) -> None:
    """The theme's heading and body fonts: every placeholder and table of the deck inherits them.

    The theme is a part python-pptx keeps as bytes; it is parsed, changed and put back."""
    theme = deck.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for latin in _theme_latin(root):
        latin.set("typeface", family)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _theme_latin(root) -> Iterator:
    for font in ("a:majorFont", "a:minorFont"):
        latin = root.find(f".//{qn(font)}/{qn('a:latin')}")
        if latin is not None:
            yield latin


def theme_fonts(deck: Deck) -> list[str]:
    """The theme's heading and body fonts (for tests and the page's note on a template)."""
    theme = deck.slide_master.part.part_related_by(RT.THEME)
    return [latin.get("typeface") for latin in _theme_latin(etree.fromstring(theme.blob))]
