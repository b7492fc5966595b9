"""Script runs take turns within a process (dashboard.turns): a quick run waits for the one in progress,
never longer than the bound, and a long page's run never waits."""

from __future__ import annotations

import threading

import pytest

from dashboard import turns


def run_in_thread(quick: bool, entered: threading.Event, leave: threading.Event | None = None) -> threading.Thread:
    def body() -> None:
        with turns.taking_turns(quick):
            entered.set()
            if leave is not None:
                leave.wait(30)

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def holder():
    """A quick run in progress until the test lets it go."""
    entered, leave = threading.Event(), threading.Event()
    thread = run_in_thread(True, entered, leave)
    assert entered.wait(5)
    yield leave
    leave.set()
    thread.join(5)


def test_a_quick_run_waits_for_the_one_in_progress(holder, monkeypatch):
    monkeypatch.setattr(turns, "WAIT_SECONDS", 30)
    entered = threading.Event()
    waiting = run_in_thread(True, entered)
    assert not entered.wait(0.3)  # the other run still holds the turn
    holder.set()
    assert entered.wait(5)
    waiting.join(5)


def test_a_run_waits_no_longer_than_the_bound(holder, monkeypatch):
    monkeypatch.setattr(turns, "WAIT_SECONDS", 0.2)
    entered = threading.Event()
    run_in_thread(True, entered).join(5)
    assert entered.is_set()  # went ahead although the turn is still held


def test_a_long_page_never_waits(holder, monkeypatch):
    monkeypatch.setattr(turns, "WAIT_SECONDS", 30)
    entered = threading.Event()
    run_in_thread(False, entered).join(5)
    assert entered.is_set()


def test_the_turn_is_given_back_when_a_run_ends_in_an_exception(monkeypatch):
    """Streamlit ends a run that is rerun or stopped by raising inside it."""
    monkeypatch.setattr(turns, "WAIT_SECONDS", 30)
    with pytest.raises(RuntimeError), turns.taking_turns(True):
        raise RuntimeError("rerun")
    entered = threading.Event()
    run_in_thread(True, entered).join(5)
    assert entered.is_set()
