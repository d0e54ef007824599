"""bot.graph_runner: the sequential runner gives what Rasa's dask runner gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import rasa.core.processor
from rasa.engine.exceptions import GraphComponentException, GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from bot import graph_runner
from bot.graph_runner import SequentialGraphRunner, dependency_order

CALLS: list[str] = []


class Step(GraphComponent):
    """Appends its name to what it reads; records that it ran."""

    def __init__(self, name: str, fail: bool) -> None:
        self.name = name
        self.fail = fail

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Step:
        return cls(config["name"], config.get("fail", False))

    def run(self, **inputs: Any) -> list[str]:
        CALLS.append(self.name)
        if self.fail:
            raise RuntimeError(f"{self.name} failed")
        seen: list[str] = []
        for key in sorted(inputs):
            value = inputs[key]
            seen += value if isinstance(value, list) else [str(value)]
        return [*seen, self.name]


def node(name: str, needs: dict[str, str], fail: bool = False) -> SchemaNode:
    return SchemaNode(
        needs=needs,
        uses=Step,
        constructor_name="create",
        fn="run",
        config={"name": name, "fail": fail},
        eager=True,
    )


def diamond(fail: str = "") -> GraphSchema:
    """message -> tokens -> (words, chars) -> classify; and an unrelated domain node."""
    return GraphSchema(
        {
            "classify": node("classify", {"a": "words", "b": "chars"}, fail == "classify"),
            "words": node("words", {"x": "tokens"}),
            "chars": node("chars", {"x": "tokens"}),
            "tokens": node("tokens", {"text": "__message__"}, fail == "tokens"),
            "domain": node("domain", {}),
            "policy": node("policy", {"d": "domain", "n": "classify", "t": "__tracker__"}),
        }
    )


def runners(schema: GraphSchema, storage: Path) -> tuple[DaskGraphRunner, SequentialGraphRunner]:
    context = ExecutionContext(schema)
    model_storage = LocalModelStorage(storage)
    return (
        DaskGraphRunner(schema, model_storage, context),
        SequentialGraphRunner(schema, model_storage, context),
    )


@pytest.mark.parametrize(
    "targets", [["classify"], ["policy"], ["classify", "domain"], ["tokens"], None]
)
def test_the_same_results_as_dask(tmp_path: Path, targets: list[str] | None) -> None:
    dask, sequential = runners(diamond(), tmp_path)
    inputs = {"__message__": "my neck", "__tracker__": "tracker"}

    CALLS.clear()
    expected = dask.run(inputs, targets)
    dask_calls = sorted(CALLS)
    CALLS.clear()
    result = sequential.run(inputs, targets)

    assert result == expected
    assert sorted(CALLS) == dask_calls  # the same nodes ran, each once


def test_each_node_runs_after_what_it_reads_and_only_once(tmp_path: Path) -> None:
    _, sequential = runners(diamond(), tmp_path)
    CALLS.clear()

    sequential.run({"__message__": "neck", "__tracker__": "t"}, ["policy"])

    assert len(CALLS) == len(set(CALLS)) == 6
    for before, after in [
        ("tokens", "words"),
        ("tokens", "chars"),
        ("words", "classify"),
        ("chars", "classify"),
        ("classify", "policy"),
        ("domain", "policy"),
    ]:
        assert CALLS.index(before) < CALLS.index(after)


def test_an_input_not_given_is_passed_as_its_name_as_dask_does(tmp_path: Path) -> None:
    dask, sequential = runners(diamond(), tmp_path)

    # Rasa's GraphNode warns and leaves the input out; the node then misses it.
    with pytest.raises(GraphRunError, match="Missing input"):
        dask.run({}, ["tokens"])
    with pytest.raises(GraphRunError, match="Missing input"):
        sequential.run({}, ["tokens"])


def test_a_failing_node_raises_what_dask_raises(tmp_path: Path) -> None:
    dask, sequential = runners(diamond(fail="classify"), tmp_path)
    inputs = {"__message__": "neck", "__tracker__": "t"}

    with pytest.raises(GraphComponentException) as from_dask:
        dask.run(inputs, ["classify"])
    with pytest.raises(GraphComponentException) as raised:
        sequential.run(inputs, ["classify"])

    assert str(raised.value) == str(from_dask.value)
    assert "classify failed" in str(raised.value.__cause__)


def test_an_input_value_naming_a_node_is_refused(tmp_path: Path) -> None:
    _, sequential = runners(diamond(), tmp_path)

    with pytest.raises(GraphRunError, match="clashes with a node name"):
        sequential.run({"__message__": "tokens"}, ["classify"])


def test_a_cycle_is_refused() -> None:
    schema = GraphSchema({"a": node("a", {"x": "b"}), "b": node("b", {"x": "a"})})

    with pytest.raises(GraphRunError, match="cycle"):
        dependency_order(schema, ["a"])


def test_the_order_is_worked_out_once_per_target_set(tmp_path: Path) -> None:
    _, sequential = runners(diamond(), tmp_path)

    assert sequential.plan(["classify"]) is sequential.plan(["classify"])
    assert [name for name, _ in sequential.plan(["classify"])][-1] == "classify"


def test_install_makes_rasas_processor_load_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rasa.core.processor, "DaskGraphRunner", DaskGraphRunner)

    graph_runner.install()

    assert rasa.core.processor.DaskGraphRunner is SequentialGraphRunner
