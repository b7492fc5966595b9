"""Choices shared by every page, kept in the session: language, month, indicator."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st

from core.errors import DxError
from core.formats import format_month
from core.messages import LANGUAGE_LABELS, LANGUAGES, indicator_name, t
from core.months import current_month, month_key
from dashboard.cache import CachedReader


def current_language() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", "vi")
    return lang if lang in LANGUAGES else "vi"


def choose_language() -> str:
    st.session_state.setdefault("lang", current_language())
    # A radio always has a choice; a segmented control can be clicked back to none.
    lang = st.sidebar.radio(
        t("language", current_language()),
        options=list(LANGUAGES),
        format_func=LANGUAGE_LABELS.get,
        key="lang",
        horizontal=True,
    )
    remember_in_url("lang", lang)  # so that a reload or a shared link opens in the same language
    return lang


# The sidebar's pickers each page reads (by its address); the others keep their choice for the next page
# but are not shown where they would change nothing (upload, briefing, which has its own month).
PICKERS = {
    "": ("period", "kpi"),
    "map": ("period", "kpi"),
    "trends": ("period", "kpi"),
    "rankings": ("period", "kpi"),
    "profile": ("period",),
    "reporting": ("period",),
}


def choose_period_and_indicator(warehouse: CachedReader, lang: str, page: str = "") -> None:
    """Month and indicator pickers in the sidebar (those the page at address `page` reads), kept in the
    address; both choices are set for every page, shown or not; nothing to pick on an empty warehouse."""
    if not warehouse.has_data():
        return
    shown = PICKERS.get(page, ())
    # The default is the newest month that has begun: a future month loaded by mistake (before such
    # reports were refused) stays choosable, at the end, but never opens every page for everyone.
    now = current_month()
    newest = warehouse.periods()
    months = [m for m in newest if m <= now] + [m for m in newest if m > now]
    if "period" in shown:
        label, render = t("period", lang), lambda m: format_month(m, lang)
        choice(st.sidebar, "selectbox", "period", label, months, render, lang, url_text=month_key)
    else:
        chosen(months, "period", month_key)
    catalogue = warehouse.indicators()
    # Short names: the sidebar cuts a long name off; the page's headings name the indicator in full.
    names = {row.kpi: indicator_name(row, lang, short=True) for row in catalogue.itertuples(index=False)}
    if "kpi" in shown:
        choice(st.sidebar, "selectbox", "kpi", t("indicator", lang), list(names), names.__getitem__, lang)
    else:
        chosen(list(names), "kpi", str)


def chosen(options: Sequence[Any], key: str, url_text: Callable[[Any], str]) -> Any:
    """The choice kept in `st.session_state[key]`: the session's, else the address's, else the first option."""
    by_text = {url_text(option): option for option in options}
    if key not in st.session_state and st.query_params.get(key) in by_text:
        st.session_state[key] = by_text[st.query_params[key]]
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    return st.session_state[key]


def kept(key: str, options: Sequence[Any], url_text: Callable[[Any], str] = str) -> Any:
    """A `choice` whose widget is not drawn this run (its expander is closed): the same value, the
    session's or the link's, and kept in the address all the same."""
    value = chosen(options, key, url_text)
    remember_in_url(key, url_text(value))
    return value


def choice(
    container: Any,
    widget: str,
    key: str,
    label: str,
    options: Sequence[Any],
    render: Callable[[Any], str],
    lang: str,
    *,
    in_url: bool = True,
    url_text: Callable[[Any], str] = str,
    **kwargs: Any,
) -> Any:
    """A radio or selectbox (`widget`) whose choice lives in `st.session_state[key]`, the same in both
    languages, and (with `in_url`) in the address as `key=<url_text(value)>`, so that a shared link
    opens it.

    Each language gets a widget of its own (`<key>_<lang>`): a widget whose labels change keeps
    showing the old language, or loses its selection, when the language is switched.
    """
    widget_key = f"{key}_{lang}"
    st.session_state[widget_key] = chosen(options, key, url_text)
    if widget == "selectbox":  # Streamlit's own placeholder is English
        kwargs.setdefault("placeholder", t("placeholder_choose", lang))
    value = getattr(container, widget)(
        label, options, format_func=render, key=widget_key, on_change=_remember, args=(widget_key, key), **kwargs
    )
    if in_url:
        remember_in_url(key, url_text(value))
    return value


def choices(
    container: Any,
    key: str,
    label: str,
    options: Sequence[Any],
    render: Callable[[Any], str],
    lang: str,
    *,
    default: Sequence[Any],
    url_key: str,
    from_url: bool = True,
    **kwargs: Any,
) -> list[Any]:
    """A multiselect whose choices live in `st.session_state[key]`, the same in both languages (a widget
    per language, as `choice`), and in the address as `url_key=a,b,c`, so that a shared link reopens them.

    The address is read when the session has no choice yet and `from_url` (a caller whose options change
    meaning, such as unit codes reused by the next map, says when the address speaks for them); what it
    holds that is not an option is dropped, and with nothing left the choice is `default`."""
    if key not in st.session_state:
        # "units=a,b" as written by hand or by this page (which the address shows as a%2Cb), or "units=a&units=b".
        wanted = _listed(",".join(st.query_params.get_all(url_key)), options) if from_url else []
        st.session_state[key] = wanted or list(default)
    st.session_state[key] = [value for value in st.session_state[key] if value in options]
    widget_key = f"{key}_{lang}"
    st.session_state[widget_key] = st.session_state[key]
    values = container.multiselect(
        label, options, format_func=render, key=widget_key, on_change=_remember, args=(widget_key, key), **kwargs
    )
    remember_in_url(url_key, ",".join(str(value) for value in values))
    return list(values)


def _listed(text: str, options: Sequence[Any]) -> list[Any]:
    """The options named in "a,b,c" (as text), in that order, each once; anything else is ignored."""
    by_text = {str(option): option for option in options}
    named = [by_text[part.strip()] for part in text.split(",") if part.strip() in by_text]
    return list(dict.fromkeys(named))


def _remember(widget_key: str, state_key: str) -> None:
    # Runs before the script reruns, so the new choice wins over the value kept for the session.
    st.session_state[state_key] = st.session_state[widget_key]


def month_of_page(container: Any, months: list, key: str, lang: str) -> Any:
    """A page's own month picker: opens on the sidebar's month, then keeps its own choice (in both languages)."""
    st.session_state.setdefault(key, st.session_state.get("period"))
    return choice(
        container, "selectbox", key, t("period", lang), months, lambda m: format_month(m, lang), lang, in_url=False
    )


ADDRESS = "_address_pending"  # session key: the choices `write_address` is to put into the address


def remember_in_url(name: str, value: str) -> None:
    """Keep a choice in the address, so that a shared link opens the same view. It is written with the run's
    other choices by `write_address`: each write is a message that makes the browser draw the whole page
    again and adds a step to its history (opening the map took eight steps and as many redraws)."""
    st.session_state.setdefault(ADDRESS, {})[name] = value


def write_address() -> None:
    """Write the choices kept since the last write into the address, in one change if any differs. Called
    at the end of a run and of a fragment's run (which does not reach the end of app.py)."""
    kept = st.session_state.pop(ADDRESS, {})
    changed = {name: value for name, value in kept.items() if st.query_params.get(name) != value}
    if changed:
        st.query_params.update(changed)


def sample_notice(warehouse: CachedReader, month: Any, lang: str) -> bool:
    """Whether the figures in view (one month, or all with None) are sample data; if so, the page says it."""
    sample = warehouse.sample_in_view(month)
    if sample:
        st.warning(t("sample_notice", lang), icon="⚠️")
    return sample


@dataclass(frozen=True)
class Sidebar:
    """What every page starts from: the language, the warehouse of this request and the sidebar's month
    and indicator (kept in the session and the address by `choose_period_and_indicator`)."""

    lang: str
    warehouse: CachedReader
    month: date
    kpi: str


def page_start(title_key: str) -> Sidebar:
    """The shared start of a page: its title, then, on an empty warehouse, a pointer to the upload page
    and nothing else."""
    lang = current_language()
    warehouse = current_warehouse(lang)
    st.title(t(title_key, lang))
    stop_without_data(warehouse, lang)
    return Sidebar(lang, warehouse, st.session_state["period"], st.session_state["kpi"])


def current_warehouse(lang: str) -> CachedReader:
    """The warehouse as this request sees it. One that cannot be opened (a lake unreachable, a file written
    by a newer DuckDB, a write that outlasted the wait) is said in the user's language and ends the page."""
    try:
        return CachedReader.current()
    except DxError as error:
        st.error(error.shown(lang), icon=":material/error:")
        st.stop()


def stop_without_data(warehouse: CachedReader, lang: str) -> None:
    """On an empty or missing warehouse: say so, point to the upload page, and end the page here."""
    if warehouse.has_data():
        return
    st.info(t("no_data", lang) if warehouse.exists else t("no_warehouse", lang, path=warehouse.path))
    if warehouse.exists:
        st.page_link("views/upload.py", label=t("go_upload", lang), icon=":material/upload_file:")
    st.stop()


STYLESHEET = Path(__file__).with_name("screen.css")


def page_styles() -> None:
    """The pages' stylesheet (phones, toolbars in English): a style element, which takes no room."""
    st.html(f"<style>{STYLESHEET.read_text('utf-8')}</style>")
