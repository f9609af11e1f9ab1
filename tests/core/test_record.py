"""Record and FrozenRecord behave as the dataclasses they replace (issue 11: start-up)."""

from __future__ import annotations

import copy
import pickle
import sys
from dataclasses import FrozenInstanceError, dataclass, field
from pathlib import Path

import pytest

from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.config import Settings
from reader.core.formats.common import Parsed, Problem
from reader.core.library import Library
from reader.core.models import Annotation, Highlight, LoadReport, Paper, SortMode, Status
from reader.core.record import FrozenRecord, Record


class Point(FrozenRecord):
    __slots__ = ("x", "y")
    x: int
    y: str

    def __init__(self, x: int, y: str = "") -> None:
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)


@dataclass(frozen=True, slots=True)
class DataPoint:
    x: int
    y: str = ""


class Bag(Record):
    __slots__ = ("items", "label")
    items: list[int]
    label: str | None

    def __init__(self, items: list[int] | None = None, label: str | None = None) -> None:
        self.items = [] if items is None else items
        self.label = label


@dataclass(slots=True)
class DataBag:
    items: list[int] = field(default_factory=list)
    label: str | None = None


def test_a_frozen_record_reads_compares_and_hashes_as_a_frozen_dataclass() -> None:
    point, twin = Point(1, "a"), DataPoint(1, "a")
    assert repr(point) == repr(twin).replace("DataPoint", "Point")
    assert point == Point(1, "a") and point != Point(1, "b") and point != Point(2, "a")
    assert hash(point) == hash(Point(1, "a")) == hash((1, "a"))
    assert len({point, Point(1, "a"), Point(2, "a")}) == 2
    assert point.__eq__(twin) is NotImplemented and point != (1, "a")
    assert Point.__match_args__ == DataPoint.__match_args__ == ("x", "y")
    assert Point._fields == ("x", "y")
    match point:
        case Point(1, y):
            assert y == "a"
        case _:
            pytest.fail("matched by position")


def test_a_frozen_record_refuses_changes_as_a_frozen_dataclass() -> None:
    point = Point(1, "a")
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'x'"):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError, match="cannot delete field 'y'"):
        del point.y
    with pytest.raises(AttributeError):  # FrozenInstanceError is one
        point.z = 3
    assert not hasattr(point, "__dict__")
    assert point == Point(1, "a")


def test_a_frozen_record_pickles_and_copies() -> None:
    paper = Paper("2401.00001", "A title", authors=("A. Author",), upvotes=3)
    for again in (pickle.loads(pickle.dumps(paper)), copy.copy(paper), copy.deepcopy(paper)):
        assert again == paper and again is not paper and type(again) is Paper
    change = Change("p", add_tags=("x",), status=Status.READ)
    assert pickle.loads(pickle.dumps(change)) == change


def test_replace_builds_a_checked_copy_as_dataclasses_replace() -> None:
    paper = Paper("2401.00001", "A title", abstract="text")
    longer = paper.replace(abstract="more text", upvotes=2)
    assert (longer.abstract, longer.upvotes, longer.title) == ("more text", 2, "A title")
    assert paper.abstract == "text"  # the original is kept
    assert paper.replace() == paper and paper.replace() is not paper
    assert paper.replace(title="A\x1b[31m title").title == "A title"  # cleaned as any new one
    with pytest.raises(TypeError, match="no field 'nope'"):
        paper.replace(nope=1)
    change = Change("p", cycle_status=True)
    assert change.replace(cycle_status=False, status=Status.READ) == Change("p", status=Status.READ)


def test_a_record_is_mutable_compared_by_value_and_unhashable_as_a_dataclass() -> None:
    bag, twin = Bag(), DataBag()
    assert repr(bag) == repr(twin).replace("DataBag", "Bag") == "Bag(items=[], label=None)"
    assert Bag().items is not Bag().items  # a new list each, as default_factory
    bag.items.append(1)
    bag.label = "x"
    assert bag == Bag([1], "x") and bag != Bag([1])
    with pytest.raises(TypeError, match="unhashable"):
        hash(bag)
    assert type(bag).__hash__ is None is type(twin).__hash__
    assert copy.deepcopy(bag) == bag and pickle.loads(pickle.dumps(bag)) == bag


def test_the_start_up_classes_keep_their_fields_in_order() -> None:
    assert Paper._fields[:3] == ("id", "title", "abstract") and len(Paper._fields) == 18
    assert Highlight._fields == ("id", "quote", "section", "block", "offset", "note", "created")
    assert Annotation._fields[:2] == ("paper_id", "status")
    assert Change._fields[:3] == ("paper_id", "title", "title_key")
    assert LoadReport._fields == ("papers", "warnings", "errors")
    assert Parsed._fields == ("papers", "problems", "warning")
    assert repr(Problem("12", "no title")) == "Problem(where='12', reason='no title')"
    assert repr(Annotation("p")) == (
        "Annotation(paper_id='p', status=<Status.UNREAD: 'unread'>, tags=(), note='', "
        "created=None, updated=None, status_changed=None, highlights=())"
    )


def test_slots_and_annotated_fields_must_agree() -> None:
    with pytest.raises(TypeError, match="differ"):

        class Wrong(FrozenRecord):
            __slots__ = ("x", "y")
            x: int

    with pytest.raises(TypeError, match="at least two"):

        class Lonely(Record):
            __slots__ = ("x",)
            x: int


def test_settings_and_library_keep_their_dataclass_behaviour(tmp_path: Path) -> None:
    settings = Settings(theme="reader-light")
    assert settings == Settings(theme="reader-light") != Settings()
    assert Settings().keys == {} and Settings().keys is not Settings().keys
    assert repr(Settings()).startswith("Settings(db=None, theme=None, default_sort=")
    with pytest.raises(FrozenInstanceError):
        settings.theme = "x"  # type: ignore[misc]
    store = AnnotationStore.open(tmp_path / "db.json")
    paper = Paper("2401.00001", "A title")
    library = Library([paper], store, "a\x1b[31m label", ["warn\x07ing"])
    assert (library.label, library.warnings) == ("a label", ["warning"])
    assert repr(library).startswith(f"Library(papers=[{paper!r}], store={store!r}, label=")
    assert "_engine" not in repr(library) and repr(library).endswith("from_files=None)")
    twin = Library([paper], store, "a label", ["warning"])
    # Every field is compared, the private ones too: each library has its own index lock.
    assert library == library and library != twin and library.__eq__(store) is NotImplemented
    twin._index_lock = library._index_lock
    assert library == twin
    twin.sort = SortMode.DATE
    assert library != twin
    with pytest.raises(TypeError, match="unhashable"):
        hash(library)


def test_a_record_defined_at_run_time_is_complete_from_two_fields() -> None:
    # Defined here rather than at import, so the class set-up runs inside the test.
    class Pair(Record):
        __slots__ = ("left", "right")
        right: str  # the annotations' order, not the slots', is the fields' order
        left: int

        def __init__(self, left: int, right: str) -> None:
            self.left, self.right = left, right

    @dataclass(slots=True)
    class DataPair:
        right: str
        left: int

    pair = Pair(1, "b")
    assert Pair._fields == Pair.__match_args__ == DataPair.__match_args__ == ("right", "left")
    assert repr(pair) == repr(DataPair("b", 1)).replace("DataPair", "Pair")
    assert repr(pair).endswith("Pair(right='b', left=1)")
    assert pair == Pair(1, "b") and pair != Pair(2, "b") and pair != Pair(1, "c")
    match pair:
        case Pair(right, left):
            assert (right, left) == ("b", 1)
        case _:
            pytest.fail("matched by position")
    assert pair.replace(left=2, right="c") == Pair(2, "c")


def test_replace_names_the_class_that_has_no_such_field() -> None:
    with pytest.raises(TypeError, match=r"^Point has no field 'z'$"):
        Point(1, "a").replace(z=3)
    with pytest.raises(TypeError, match=r"^Bag has no field 'size'$"):
        Bag().replace(label="x", size=2)


def test_fields_that_disagree_with_the_values_are_an_error_not_a_shorter_record() -> None:
    # A subclass that rewrites _fields to hide a field (as Library's _SHOWN hides its private
    # ones from repr) gets an error, not a repr or a copy that silently drops the field.
    class Hiding(Point):
        __slots__ = ()
        _fields = ("x",)

    hiding = Hiding(1, "a")
    with pytest.raises(ValueError, match="zip"):
        repr(hiding)
    with pytest.raises(ValueError, match="zip"):
        hiding.replace(x=2)


class Wider(FrozenRecord):
    __slots__ = ("x", "y", "z")
    x: int
    y: str
    z: float

    def __init__(self, x: int, y: str = "", z: float = 0.0) -> None:
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "z", z)


def test_a_pickle_of_other_fields_is_refused_not_half_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = sys.modules[__name__]
    two, three = pickle.dumps(Point(1, "a")), pickle.dumps(Wider(1, "a", 2.5))
    # The class changed between pickling and loading: Point gained a field, or lost one.
    narrow, wide = Point, Wider
    monkeypatch.setattr(module, "Point", wide)
    with pytest.raises(ValueError, match="zip"):
        pickle.loads(two)
    monkeypatch.setattr(module, "Wider", narrow)
    with pytest.raises(ValueError, match="zip"):
        pickle.loads(three)
    monkeypatch.undo()
    assert pickle.loads(two) == Point(1, "a") and pickle.loads(three) == Wider(1, "a", 2.5)
